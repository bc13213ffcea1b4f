using DevLoop.Core.Channels;
using DevLoop.Core.Logging;
using DevLoop.Core.Sync;
using DevLoop.Kubernetes.Api;

namespace DevLoop.Kubernetes.Target;

/// <summary>
/// The kubernetes target of one session: the allowed context, the pods DevLoop works on, and a
/// sync target per ready pod. Shared by DeployDev, watch and reset.
/// </summary>
public sealed class KubernetesTarget : IDisposable
{
    private readonly KubernetesSettings _settings;
    private readonly IReadOnlyDictionary<string, string?> _marks;
    private readonly IDevLoopLog _log;
    private bool _checkedGitOps;

    private KubernetesTarget(KubernetesConnection connection, PodScope scope, KubernetesSettings settings, IReadOnlyDictionary<string, string?> marks, IDevLoopLog log)
    {
        Connection = connection;
        Scope = scope;
        _settings = settings;
        _marks = marks;
        _log = log;
    }

    public KubernetesConnection Connection { get; }

    public PodScope Scope { get; }

    public TargetGroup Group => new(Scope.GroupName, "pod");

    /// <param name="commit">The commit the synced code comes from, recorded on the pods.</param>
    public static async Task<KubernetesTarget> OpenAsync(KubernetesSettings settings, string? commit, IDevLoopLog log, CancellationToken cancellationToken)
    {
        var connection = KubernetesConnection.Open(settings);
        try
        {
            var scope = await PodScopeResolver.ResolveAsync(connection, settings, cancellationToken).ConfigureAwait(false);
            return new KubernetesTarget(connection, scope, settings, PodMarks.For(DateTimeOffset.UtcNow, commit), log);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Waits for a ready pod, then one target per ready pod; pods not ready are named and left for later.</summary>
    public async Task<IReadOnlyList<SyncTarget>> ReadyTargetsAsync(CancellationToken cancellationToken)
    {
        var pods = await new ReadyPodWaiter(Connection, _log).WaitAsync(Scope, _settings.ReadyTimeout, cancellationToken).ConfigureAwait(false);
        if (pods.NotReady.Count > 0)
        {
            _log.Info($"DevLoop: not syncing pods that are not ready: {ReadyPods.Describe(pods.NotReady)}. 'dotnet devloop watch' brings them up to date once they are ready.");
        }

        await CheckGitOpsOnceAsync(pods.Ready[0], cancellationToken).ConfigureAwait(false);
        return pods.Ready.Select(TargetFor).ToList();
    }

    /// <summary>The sync target for one pod (checked for the container DevLoop syncs into).</summary>
    public SyncTarget TargetFor(Pod pod)
    {
        var container = ContainerChoice.For(pod, _settings.Container);
        var channel = new PodChannel(Connection.Api, Connection.Exec, Scope.Namespace, pod, container, _marks);
        return SyncTarget.WithAgentInAppDir(channel, _settings.AppDir);
    }

    /// <summary>The container DevLoop uses in this pod, when the pod has it.</summary>
    public bool TryContainerFor(Pod pod, out string container)
    {
        container = ContainerChoice.Find(pod, _settings.Container) ?? string.Empty;
        return container.Length > 0;
    }

    private async Task CheckGitOpsOnceAsync(Pod pod, CancellationToken cancellationToken)
    {
        if (!_checkedGitOps)
        {
            _checkedGitOps = true;
            await GitOpsDetector.WarnIfManagedAsync(Connection, Scope, pod, _log, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => Connection.Dispose();
}
