using DevLoop.Kubernetes.Api;

namespace DevLoop.Kubernetes.Target;

/// <summary>The GitOps controller that manages a workload, recognised by the labels and annotations it puts on what it applies.</summary>
public sealed record GitOpsOwner(string Tool, string Application)
{
    public static GitOpsOwner? Of(ObjectMeta metadata)
    {
        var labels = metadata.Labels ?? new Dictionary<string, string>();
        var annotations = metadata.Annotations ?? new Dictionary<string, string>();
        if (annotations.TryGetValue("argocd.argoproj.io/tracking-id", out var tracking))
        {
            // "<app>:<group>/<kind>:<namespace>/<name>"
            return new GitOpsOwner("Argo CD", tracking.Split(':')[0]);
        }

        if (labels.TryGetValue("argocd.argoproj.io/instance", out var instance))
        {
            return new GitOpsOwner("Argo CD", instance);
        }

        if (labels.TryGetValue("kustomize.toolkit.fluxcd.io/name", out var kustomization))
        {
            return new GitOpsOwner("Flux", $"Kustomization {Qualified(labels, "kustomize.toolkit.fluxcd.io/namespace", kustomization)}");
        }

        if (labels.TryGetValue("helm.toolkit.fluxcd.io/name", out var release))
        {
            return new GitOpsOwner("Flux", $"HelmRelease {Qualified(labels, "helm.toolkit.fluxcd.io/namespace", release)}");
        }

        return null;
    }

    /// <summary>What syncing into pods of such a workload means, for a warning the user reads once per session.</summary>
    public string Explain(string workload) =>
        $"{workload} is managed by {Tool} ({Application}). DevLoop changes the running pods only, never the {workload.Split('/')[0]} itself, "
        + $"so {Tool} keeps reporting it in sync; but anything that replaces the pods ({Tool} syncing a new revision, a rollout, a restart) brings back the image from Git and drops your synced changes. "
        + "'dotnet devloop watch' brings replacement pods up to date again; run 'dotnet devloop reset' when you are done so the pods match Git again.";

    private static string Qualified(IReadOnlyDictionary<string, string> labels, string namespaceLabel, string name) =>
        labels.TryGetValue(namespaceLabel, out var ns) ? $"{ns}/{name}" : name;
}
