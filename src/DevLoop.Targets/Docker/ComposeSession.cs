using System.Collections.Concurrent;
using System.Threading.Channels;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Core.Sync;
using DevLoop.Docker;
using DevLoop.Docker.Compose;
using DevLoop.Targets.Providers;
using DevLoop.Targets.Settings;
using DevLoop.Targets.Status;

namespace DevLoop.Targets.Docker;

/// <summary>
/// Every container of one Compose service, found by the labels Compose puts on them (no Compose CLI).
/// Listed again before each sync; while following, the engine's events for those labels (and a list every
/// few seconds, for any event missed) start each new container's log and hand containers that start or
/// are replaced (scale up, `docker compose up` recreating them) to the observer once they are ready.
/// </summary>
internal sealed class ComposeSession : ITargetSession
{
    private static readonly TimeSpan ListAtLeastEvery = TimeSpan.FromSeconds(5);

    private readonly DockerApiClient _client;
    private readonly DevLoopSettings _settings;
    private readonly ComposeService _service;
    private readonly string _projectOrigin;
    private readonly IDevLoopLog _log;
    private readonly ConcurrentDictionary<string, ContainerInspect> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _followers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _catchUps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _offered = new(StringComparer.Ordinal);

    private ComposeSession(DockerApiClient client, DevLoopSettings settings, ComposeService service, string projectOrigin, IDevLoopLog log)
    {
        _client = client;
        _settings = settings;
        _service = service;
        _projectOrigin = projectOrigin;
        _log = log;
    }

    public TargetGroup? Group => new($"of Compose service '{_service.Service}' (project '{_service.Project}')", "container");

    /// <summary>Opens the session once at least one container of the service is running, so a wrong name fails before the build's output is looked at.</summary>
    public static async Task<ComposeSession> OpenAsync(DockerApiClient client, DevLoopSettings settings, ComposeService service, string projectOrigin, IDevLoopLog log, CancellationToken cancellationToken)
    {
        var session = new ComposeSession(client, settings, service, projectOrigin, log);
        await session.RunningAsync(cancellationToken).ConfigureAwait(false);
        return session;
    }

    public async Task<IReadOnlyList<SyncTarget>> ReadyTargetsAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + _settings.Kubernetes.ReadyTimeout;
        var said = false;
        while (true)
        {
            var running = await RunningAsync(cancellationToken).ConfigureAwait(false);
            var ready = running.Where(c => c.State.Ready).ToList();
            if (ready.Count > 0)
            {
                return ready.Select(TargetFor).ToList();
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new DevLoopException(
                    ErrorCodes.ContainerNotRunning,
                    $"No container of the {_service} became healthy within {_settings.Kubernetes.ReadyTimeout.TotalSeconds:F0} s ({Describe(running)}). "
                    + $"Look at 'docker inspect {running[0].ShortName}' (State.Health) and its logs; raise DevLoopReadyTimeout if it is only slow.");
            }

            if (!said)
            {
                _log.Info($"Waiting for a container of the {_service} to be healthy ({Describe(running)}).");
                said = true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task FollowAsync(ISessionObserver observer, CancellationToken cancellationToken)
    {
        _log.Info($"Following the containers of the {_service}: their logs, and new or replaced containers to bring up to date.");
        var changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        var first = true;
        string? problem = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var events = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var monitor = _client.MonitorContainerEventsAsync(_service.Labels, (_, _) => changed.Writer.TryWrite(true), events.Token);
                try
                {
                    while (!monitor.IsCompleted)
                    {
                        Reconcile(await ListAsync(cancellationToken).ConfigureAwait(false), first, observer, cancellationToken);
                        first = false;
                        problem = null;
                        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        wait.CancelAfter(ListAtLeastEvery);
                        await Task.WhenAny(changed.Reader.WaitToReadAsync(wait.Token).AsTask(), monitor).ConfigureAwait(false);
                        changed.Reader.TryRead(out _);
                    }

                    await monitor.ConfigureAwait(false);
                }
                catch (DevLoopException e)
                {
                    // Once per outage (the engine restarting), not every second while it lasts.
                    if (problem != e.Message)
                    {
                        _log.Warning(e.Code, $"Following the containers of the {_service} failed: {e.Message} Retrying every second.");
                    }

                    problem = e.Message;
                }
                finally
                {
                    await events.CancelAsync().ConfigureAwait(false);
                    await monitor.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // watch is stopping.
        }
        finally
        {
            await Task.WhenAll(_followers.Values.Concat(_catchUps.Values).Select(t => t.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default))).ConfigureAwait(false);
        }
    }

    public Task AfterSyncAsync(SyncResult result, ISessionObserver observer, CancellationToken cancellationToken) => Task.CompletedTask;

    public string? NoAppAdvice(SyncResult result) =>
        $"The files were synced to the containers {result.Target} but no app there runs with the DevLoop agent hook, so nothing was restarted. Rebuild the service's image from a Debug build of a project that references DevLoop.Build (docker compose build, then docker compose up).";

    public async Task<ResetOutcome> ResetAsync(CancellationToken cancellationToken)
    {
        var running = await RunningAsync(cancellationToken).ConfigureAwait(false);
        return await AgentReset.RunAsync(running.Select(TargetFor).ToList(), Group!.Name, _log, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TargetStatus>> StatusAsync(CancellationToken cancellationToken)
    {
        var all = await ListAsync(cancellationToken).ConfigureAwait(false);
        var rows = await Task.WhenAll(all.OrderBy(c => c.ShortName, StringComparer.Ordinal).Select(async c =>
        {
            var name = $"container/{c.ShortName}";
            if (!c.State.Running)
            {
                return new TargetStatus { Target = name, State = c.State.Status ?? "stopped", Ready = false, Note = "not running, so DevLoop cannot ask it what it holds" };
            }

            var state = await AgentState.ReadAsync(TargetFor(c), cancellationToken).ConfigureAwait(false);
            return state.Row(name, c.State.Health ?? "running", c.State.Ready);
        })).ConfigureAwait(false);
        return rows;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task<IReadOnlyList<ContainerInspect>> ListAsync(CancellationToken cancellationToken) =>
        _client.ListContainersWithLabelsAsync(_service.Labels, cancellationToken);

    /// <summary>The service's running containers; a coded error that says what runs when none does.</summary>
    private async Task<IReadOnlyList<ContainerInspect>> RunningAsync(CancellationToken cancellationToken)
    {
        var all = await ListAsync(cancellationToken).ConfigureAwait(false);
        var running = all.Where(c => c.State.Running).ToList();
        if (running.Count > 0)
        {
            return running;
        }

        if (all.Count > 0)
        {
            throw new DevLoopException(
                ErrorCodes.ContainerNotRunning,
                $"No container of the {_service} is running ({Describe(all)}). Start them (docker compose up -d {_service.Service}) and sync again.");
        }

        var others = await _client.ListContainersWithLabelsAsync(new Dictionary<string, string> { [ComposeService.ProjectLabel] = string.Empty }, cancellationToken).ConfigureAwait(false);
        var services = others
            .Where(c => c.State.Running)
            .Select(c => $"{c.Config.Labels.GetValueOrDefault(ComposeService.ProjectLabel)}/{c.Config.Labels.GetValueOrDefault(ComposeService.ServiceLabel)}")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var advice = services.Count == 0
            ? $"No Compose service runs on {_client.Endpoint.Description}: start yours with 'docker compose up -d'."
            : $"Running on {_client.Endpoint.Description} (project/service): {string.Join(", ", services)}. Set DevLoopComposeService and DevLoopComposeProject to one of them, or start yours with 'docker compose up -d'.";
        throw new DevLoopException(
            ErrorCodes.ComposeServiceNotFound,
            $"No container carries the labels of the {_service} (the project name from {_projectOrigin}). {advice}");
    }

    private void Reconcile(IReadOnlyList<ContainerInspect> listed, bool first, ISessionObserver observer, CancellationToken cancellationToken)
    {
        var running = listed.Where(c => c.State.Running).ToDictionary(c => c.Id, StringComparer.Ordinal);
        foreach (var gone in _running.Keys.Where(id => !running.ContainsKey(id)).ToList())
        {
            if (_running.TryRemove(gone, out var container))
            {
                _offered.TryRemove(gone, out _);
                _log.Info($"container '{container.ShortName}' of the {_service} stopped or is gone.");
            }
        }

        foreach (var container in running.Values)
        {
            if (_running.TryAdd(container.Id, container) && !first)
            {
                _log.Info($"new container '{container.ShortName}' of the {_service}: it will be brought up to date when it is ready.");
            }

            _running[container.Id] = container;
            Follow(container, observer, cancellationToken);
            if (container.State.Ready)
            {
                CatchUp(container, observer, cancellationToken);
            }
        }
    }

    private void Follow(ContainerInspect container, ISessionObserver observer, CancellationToken cancellationToken)
    {
        if (_followers.TryGetValue(container.Id, out var following) && !following.IsCompleted)
        {
            return;
        }

        var follower = new DockerLogFollower(_client, _log);
        _followers[container.Id] = Task.Run(() => follower.FollowAsync(container.Id, observer, () => _running.ContainsKey(container.Id), cancellationToken), CancellationToken.None);
    }

    private void CatchUp(ContainerInspect container, ISessionObserver observer, CancellationToken cancellationToken)
    {
        if (!_offered.TryAdd(container.Id, true) || _catchUps.TryGetValue(container.Id, out var running) && !running.IsCompleted)
        {
            return;
        }

        _catchUps[container.Id] = Task.Run(() => OfferAsync(container, observer, cancellationToken), CancellationToken.None);
    }

    private async Task OfferAsync(ContainerInspect container, ISessionObserver observer, CancellationToken cancellationToken)
    {
        try
        {
            if (!await observer.TargetReadyAsync($"container '{container.ShortName}'", TargetFor(container), cancellationToken).ConfigureAwait(false))
            {
                _offered.TryRemove(container.Id, out _);
            }
        }
        catch (DevLoopException e)
        {
            // Not offered again every few seconds: the next save syncs every ready container.
            _log.Warning(e.Code, $"Could not bring container '{container.ShortName}' up to date: {e.Message} The next save tries again.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // watch is stopping.
        }
    }

    private SyncTarget TargetFor(ContainerInspect container) =>
        SyncTarget.WithAgentInAppDir(new DockerChannel(_client, container), _settings.AppDir);

    private static string Describe(IEnumerable<ContainerInspect> containers) =>
        string.Join(", ", containers.Select(c => $"{c.ShortName}: {c.State.Status}"));
}
