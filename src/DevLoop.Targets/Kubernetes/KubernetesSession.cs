using System.Collections.Concurrent;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Core.Sync;
using DevLoop.Kubernetes.Api;
using DevLoop.Kubernetes.Target;
using DevLoop.Targets.Providers;
using DevLoop.Targets.Settings;
using DevLoop.Targets.Status;

namespace DevLoop.Targets.Kubernetes;

/// <summary>
/// The pods of one workload or selector for as long as DevLoop works with them. The context, the
/// pods' scope and the GitOps check are resolved once; while following, an informer keeps the pods
/// current, streams each pod's log and hands pods that become ready with a new container (rollout,
/// eviction, crash, scale-up) to the observer to bring up to date.
/// </summary>
internal sealed class KubernetesSession : ITargetSession
{
    private readonly KubernetesTarget _target;
    private readonly DevLoopSettings _settings;
    private readonly IDevLoopLog _log;
    private readonly ConcurrentDictionary<string, string> _handledContainer = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _followers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _catchUps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _live = new(StringComparer.Ordinal);
    // The pods as the informer last reported them, written on its thread and read by syncs.
    private readonly ConcurrentDictionary<string, Pod> _pods = new(StringComparer.Ordinal);
    private bool _waitedOnce;
    private PodPortForwards? _portForwards;

    public KubernetesSession(KubernetesTarget target, DevLoopSettings settings, IDevLoopLog log)
    {
        _target = target;
        _settings = settings;
        _log = log;
    }

    public TargetGroup? Group => _target.Group;

    public KubernetesTarget Target => _target;

    public async Task<IReadOnlyList<SyncTarget>> ReadyTargetsAsync(CancellationToken cancellationToken)
    {
        // Once the informer has listed, it knows the ready pods: no request is needed. The first time,
        // and whenever none is ready, the waiter lists, waits with progress and checks GitOps once.
        if (_waitedOnce && !_pods.IsEmpty)
        {
            var ready = _pods.Values.Where(p => p.IsReady && p.Metadata.DeletionTimestamp is null).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            if (ready.Count > 0)
            {
                return ready.Select(_target.TargetFor).ToList();
            }
        }

        var targets = await _target.ReadyTargetsAsync(cancellationToken).ConfigureAwait(false);
        _waitedOnce = true;
        return targets;
    }

    public async Task FollowAsync(ISessionObserver observer, CancellationToken cancellationToken)
    {
        var scope = _target.Scope;
        _log.Info($"Following the pods {scope.GroupName} (context '{_target.Connection.Context.Name}'): their logs, and new pods to bring up to date.");
        var informer = new PodInformer(_target.Connection.Api, scope.Namespace, scope.Selector, _log);
        _portForwards = _settings.PortForwards.Count == 0 ? null : new PodPortForwards(_target, _settings.PortForwards, () => _pods.Values, _log);
        using var forwardsStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var forwarding = _portForwards?.RunAsync(forwardsStop.Token) ?? Task.CompletedTask;
        try
        {
            await foreach (var change in informer.RunAsync(cancellationToken).ConfigureAwait(false))
            {
                OnChange(informer, change, observer, cancellationToken);
            }
        }
        finally
        {
            // Following failed (or watch stops): the forwards stop with it, and say so through the caller.
            await forwardsStop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_followers.Values.Concat(_catchUps.Values).Append(forwarding).Select(t => t.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default))).ConfigureAwait(false);
        }
    }

    public Task AfterSyncAsync(SyncResult result, ISessionObserver observer, CancellationToken cancellationToken) => Task.CompletedTask;

    public string? NoAppAdvice(SyncResult result) =>
        $"The files were synced to {(result.Group is null ? result.Target : "the " + result.Group.Unit + "s " + result.Target)} but no app there runs with the DevLoop agent hook, so nothing was restarted. Rebuild the image from a Debug build of a project that references DevLoop.Build.";

    public Task<ResetOutcome> ResetAsync(CancellationToken cancellationToken) =>
        new KubernetesReset(_target, _log).RunAsync(cancellationToken);

    public Task<IReadOnlyList<TargetStatus>> StatusAsync(CancellationToken cancellationToken) =>
        new KubernetesStatus(_target, _log).ReadAsync(cancellationToken);

    public ValueTask DisposeAsync()
    {
        _target.Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnChange(PodInformer informer, PodWatchEvent change, ISessionObserver observer, CancellationToken cancellationToken)
    {
        var pod = change.Pod!;
        if (change.Type == PodWatchEvent.Deleted)
        {
            _pods.TryRemove(pod.Name, out _);
            _live.TryRemove(pod.Name, out _);
            _handledContainer.TryRemove(pod.Name, out _);
            _log.Info($"pod '{pod.Name}' is gone.");
            return;
        }

        _pods[pod.Name] = pod;
        if (_live.TryAdd(pod.Name, true) && !informer.FirstListed.Contains(pod.Name))
        {
            _log.Info($"new pod '{pod.Name}' ({pod.Condition}): it will be brought up to date when it is ready.");
        }

        Follow(pod, observer, cancellationToken);
        if (pod.IsReady)
        {
            _portForwards?.Check(pod);
            CatchUp(pod, observer, cancellationToken);
        }
    }

    private void Follow(Pod pod, ISessionObserver observer, CancellationToken cancellationToken)
    {
        if (pod.Metadata.DeletionTimestamp is not null || _followers.TryGetValue(pod.Name, out var running) && !running.IsCompleted)
        {
            return;
        }

        if (!_target.TryContainerFor(pod, out var container))
        {
            return;
        }

        var follower = new PodLogFollower(_target.Connection.Api, _log, observer, _target.Scope.Namespace, pod.Name, container);
        _followers[pod.Name] = Task.Run(() => follower.FollowAsync(20, () => _live.ContainsKey(pod.Name), cancellationToken), CancellationToken.None);
    }

    private void CatchUp(Pod pod, ISessionObserver observer, CancellationToken cancellationToken)
    {
        SyncTarget target;
        try
        {
            target = _target.TargetFor(pod);
        }
        catch (DevLoopException e)
        {
            if (_handledContainer.TryAdd(pod.Name, "unusable"))
            {
                _log.Warning(e.Code, e.Message);
            }

            return;
        }

        var identity = target.Channel.Identity;
        if (_handledContainer.TryGetValue(pod.Name, out var handled) && handled == identity
            || _catchUps.TryGetValue(pod.Name, out var running) && !running.IsCompleted)
        {
            return;
        }

        _handledContainer[pod.Name] = identity;
        _catchUps[pod.Name] = Task.Run(() => OfferAsync(pod.Name, target, observer, cancellationToken), CancellationToken.None);
    }

    private async Task OfferAsync(string podName, SyncTarget target, ISessionObserver observer, CancellationToken cancellationToken)
    {
        try
        {
            if (!await observer.TargetReadyAsync($"pod '{podName}'", target, cancellationToken).ConfigureAwait(false))
            {
                _handledContainer.TryRemove(podName, out _);
            }
        }
        catch (DevLoopException e)
        {
            _handledContainer.TryRemove(podName, out _);
            _log.Warning(e.Code, $"Could not bring pod '{podName}' up to date: {e.Message}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // watch is stopping.
        }
    }
}
