using DevLoop.Cli.Building;
using DevLoop.Cli.Kubernetes;
using DevLoop.Cli.Output;
using DevLoop.Core.Errors;
using DevLoop.Kubernetes;
using DevLoop.Kubernetes.Target;

namespace DevLoop.Cli.Commands;

/// <summary>
/// `dotnet devloop reset`: returns the pods DevLoop changed to what their workload declares, by
/// deleting them so their controller recreates them from the image. Pods nobody would recreate are
/// left alone and named.
/// </summary>
internal static class ResetCommand
{
    public static async Task<int> RunAsync(CliArguments args, ConsoleOutput output, CancellationToken cancellationToken)
    {
        var project = ProjectLocator.Locate(args.Project);
        var properties = await ProjectProperties.ReadAsync(project, args.PropertyArguments(), cancellationToken).ConfigureAwait(false);
        if (properties.Target != "kubernetes")
        {
            throw new DevLoopException(ErrorCodes.BadArguments, $"'reset' returns Kubernetes pods to their declared state, but DevLoopTarget is '{properties.Target}'. For docker, recreate the container (docker rm -f, then run it again); for local, just run watch again.");
        }

        using var target = await KubernetesTarget.OpenAsync(KubernetesProjectSettings.From(properties), null, new ConsoleLog(output), cancellationToken).ConfigureAwait(false);
        var scope = target.Scope;
        var pods = (await target.Connection.Api.ListPodsAsync(scope.Namespace, scope.Selector, cancellationToken).ConfigureAwait(false)).Items;
        var changed = pods.Where(PodMarks.IsMarked).ToList();
        if (changed.Count == 0)
        {
            output.Info($"No pod {scope.GroupName} carries DevLoop's changes ({pods.Count} pods checked); nothing to reset.");
            return 0;
        }

        var failed = 0;
        foreach (var pod in changed)
        {
            if (pod.Metadata.OwnerReferences?.Any(o => o.Controller == true) != true)
            {
                failed++;
                output.Error(KubernetesTargetErrors.BarePod, $"Pod '{pod.Name}' differs from its image but no controller owns it, so deleting it would not bring it back. Delete and create it again yourself (kubectl delete pod {pod.Name} -n {scope.Namespace}, then apply its manifest).");
                continue;
            }

            await target.Connection.Api.DeletePodAsync(scope.Namespace, pod.Name, cancellationToken).ConfigureAwait(false);
            output.Info($"Deleted pod '{pod.Name}' (synced at {pod.Metadata.Annotations![PodMarks.SyncedAt]}, commit {Short(pod.Metadata.Annotations.GetValueOrDefault(PodMarks.Commit))}); its {pod.Metadata.OwnerReferences!.First(o => o.Controller == true).Kind} recreates it from the image.");
        }

        DeleteManifestCaches(properties);
        output.Info(failed == 0
            ? $"Reset {changed.Count} pod(s) {scope.GroupName}: the replacements run what the workload declares."
            : $"Reset {changed.Count - failed} of {changed.Count} pod(s) {scope.GroupName}; see the errors above.");
        return failed == 0 ? 0 : 1;
    }

    private static string Short(string? commit) => commit is { Length: > 12 } ? commit[..12] : commit ?? "unknown";

    private static void DeleteManifestCaches(ProjectProperties properties)
    {
        var sync = Path.Combine(properties.Get("DevLoopStateDir"), "sync");
        if (Directory.Exists(sync))
        {
            foreach (var cache in Directory.EnumerateFiles(sync, "manifest-*.json"))
            {
                File.Delete(cache);
            }
        }
    }
}
