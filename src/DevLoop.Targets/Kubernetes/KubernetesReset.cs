using DevLoop.Core.Logging;
using DevLoop.Kubernetes;
using DevLoop.Kubernetes.Target;
using DevLoop.Targets.Providers;
using DevLoop.Core.Errors;

namespace DevLoop.Targets.Kubernetes;

/// <summary>
/// Returns the pods DevLoop changed to what their workload declares, by deleting them so their
/// controller recreates them from the image. Pods nobody would recreate are left alone and named.
/// </summary>
internal sealed class KubernetesReset
{
    private readonly KubernetesTarget _target;
    private readonly IDevLoopLog _log;

    public KubernetesReset(KubernetesTarget target, IDevLoopLog log)
    {
        _target = target;
        _log = log;
    }

    public async Task<ResetOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var scope = _target.Scope;
        var api = _target.Connection.Api;
        var pods = (await api.ListPodsAsync(scope.Namespace, scope.Selector, cancellationToken).ConfigureAwait(false)).Items;
        var changed = pods.Where(PodMarks.IsMarked).ToList();
        if (changed.Count == 0)
        {
            _log.Info($"No pod {scope.GroupName} carries DevLoop's changes ({pods.Count} pods checked); nothing to reset.");
            return new ResetOutcome(0, 0);
        }

        var failed = 0;
        foreach (var pod in changed)
        {
            var controller = pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
            if (controller is null)
            {
                failed++;
                _log.Error(ErrorCodes.BarePod, $"Pod '{pod.Name}' differs from its image but no controller owns it, so deleting it would not bring it back. Delete and create it again yourself (kubectl delete pod {pod.Name} -n {scope.Namespace}, then apply its manifest).");
                continue;
            }

            await api.DeletePodAsync(scope.Namespace, pod.Name, cancellationToken).ConfigureAwait(false);
            _log.Info($"Deleted pod '{pod.Name}' (synced at {pod.Metadata.Annotations![PodMarks.SyncedAt]}, commit {Short(pod.Metadata.Annotations.GetValueOrDefault(PodMarks.Commit))}); its {controller.Kind} recreates it from the image.");
        }

        _log.Info(failed == 0
            ? $"Reset {changed.Count} pod(s) {scope.GroupName}: the replacements run what the workload declares."
            : $"Reset {changed.Count - failed} of {changed.Count} pod(s) {scope.GroupName}; see the errors above.");
        return new ResetOutcome(changed.Count, failed);
    }

    private static string Short(string? commit) => commit is { Length: > 12 } ? commit[..12] : commit ?? "unknown";
}
