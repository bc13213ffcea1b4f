using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Core.Sync;
using DevLoop.Docker;
using DevLoop.Targets.Providers;
using DevLoop.Targets.Settings;
using DevLoop.Targets.Status;

namespace DevLoop.Targets.Docker;

/// <summary>
/// The named container for as long as DevLoop works with it. It is looked up again before each sync
/// (one inspect), so a container recreated under the same name is synced, not its predecessor.
/// </summary>
internal sealed class DockerSession : ITargetSession
{
    private readonly DockerApiClient _client;
    private readonly DevLoopSettings _settings;
    private readonly IDevLoopLog _log;
    private SyncTarget _target;
    private bool _first = true;

    public DockerSession(DockerApiClient client, DevLoopSettings settings, ContainerInspect container, IDevLoopLog log)
    {
        _client = client;
        _settings = settings;
        _log = log;
        _target = TargetFor(container);
    }

    public TargetGroup? Group => null;

    public async Task<IReadOnlyList<SyncTarget>> ReadyTargetsAsync(CancellationToken cancellationToken)
    {
        if (!_first)
        {
            var container = await DockerContainerResolver.ResolveRunningAsync(_client, _settings.Container, cancellationToken).ConfigureAwait(false);
            if (container.Id != ((DockerChannel)_target.Channel).ContainerId)
            {
                _log.Info($"container '{_settings.Container}' was recreated ({container.Id[..12]}); syncing into the new one.");
                _target = TargetFor(container);
            }
        }

        _first = false;
        return new[] { _target };
    }

    public Task FollowAsync(ISessionObserver observer, CancellationToken cancellationToken) =>
        new DockerLogFollower(_client, _log).FollowAsync(_settings.Container!, observer, cancellationToken);

    public Task AfterSyncAsync(SyncResult result, ISessionObserver observer, CancellationToken cancellationToken) => Task.CompletedTask;

    public string? NoAppAdvice(SyncResult result) =>
        $"The files were synced to {result.Target} but no app there runs with the DevLoop agent hook, so nothing was restarted. Rebuild the image from a Debug build of a project that references DevLoop.Build.";

    public async Task<ResetOutcome> ResetAsync(CancellationToken cancellationToken)
    {
        var targets = await ReadyTargetsAsync(cancellationToken).ConfigureAwait(false);
        return await AgentReset.RunAsync(targets, $"named '{_settings.Container}'", _log, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TargetStatus>> StatusAsync(CancellationToken cancellationToken)
    {
        var container = await DockerContainerResolver.ResolveRunningAsync(_client, _settings.Container, cancellationToken).ConfigureAwait(false);
        var state = await AgentState.ReadAsync(TargetFor(container), cancellationToken).ConfigureAwait(false);
        return new[] { state.Row($"container/{container.ShortName}", container.State.Health ?? "running", container.State.Ready) };
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private SyncTarget TargetFor(ContainerInspect container) =>
        SyncTarget.WithAgentInAppDir(new DockerChannel(_client, container), _settings.AppDir);
}
