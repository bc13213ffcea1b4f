using DevLoop.Core.Logging;
using DevLoop.Core.Sources;
using DevLoop.Kubernetes.Target;
using DevLoop.Targets.Providers;
using DevLoop.Targets.Settings;

namespace DevLoop.Targets.Kubernetes;

/// <summary>`kubernetes`: every ready pod of a workload or label selector, through the API server.</summary>
internal sealed class KubernetesProvider : ITargetProvider
{
    public string Name => "kubernetes";

    public async Task<ITargetSession> OpenAsync(DevLoopSettings settings, IDevLoopLog log, CancellationToken cancellationToken)
    {
        var commit = GitHead.Find(settings.ProjectDir ?? settings.OutputDir);
        var target = await KubernetesTarget.OpenAsync(settings.Kubernetes, commit, log, cancellationToken).ConfigureAwait(false);
        return new KubernetesSession(target, settings, log);
    }
}
