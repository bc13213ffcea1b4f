using System.Collections.Concurrent;
using System.Diagnostics;
using DevLoop.Cli.Output;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Sync;
using DevLoop.Kubernetes.Api;
using DevLoop.Kubernetes.Target;

namespace DevLoop.Cli.Kubernetes;

/// <summary>
/// The kubernetes side of `watch`: follows the logs of every pod, and brings each pod that becomes
/// ready with a new container (rollout, eviction, crash, scale-up) up to date with the last build.
/// </summary>
internal sealed class KubernetesSession
{
    private readonly KubernetesTarget _target;
    private readonly ConsoleOutput _output;
    private readonly SyncRequest _template;
    private readonly Func<bool> _hasDeployed;
    private readonly ConcurrentDictionary<string, string> _handledContainer = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _followers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _catchUps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _live = new(StringComparer.Ordinal);

    /// <param name="template">The output and state folders DeployDev uses; its targets are replaced per pod.</param>
    /// <param name="hasDeployed">Whether a build was synced yet: before that there is nothing to bring pods up to.</param>
    public KubernetesSession(KubernetesTarget target, ConsoleOutput output, SyncRequest template, Func<bool> hasDeployed)
    {
        _target = target;
        _output = output;
        _template = template;
        _hasDeployed = hasDeployed;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var scope = _target.Scope;
        var informer = new PodInformer(_target.Connection.Api, scope.Namespace, scope.Selector, new ConsoleLog(_output));
        await foreach (var change in informer.RunAsync(cancellationToken).ConfigureAwait(false))
        {
            var pod = change.Pod!;
            if (change.Type == PodWatchEvent.Deleted)
            {
                _live.TryRemove(pod.Name, out _);
                _handledContainer.TryRemove(pod.Name, out _);
                _output.Info($"pod '{pod.Name}' is gone.");
                continue;
            }

            if (_live.TryAdd(pod.Name, true) && !informer.FirstListed.Contains(pod.Name))
            {
                _output.Info($"new pod '{pod.Name}' ({pod.Condition}): it will be brought up to date when it is ready.");
            }

            Follow(pod, cancellationToken);
            if (pod.IsReady && _hasDeployed())
            {
                CatchUp(pod, cancellationToken);
            }
        }
    }

    /// <summary>Waits for the log streams and catch-ups to end after cancellation.</summary>
    public Task DrainAsync() =>
        Task.WhenAll(_followers.Values.Concat(_catchUps.Values).Select(t => t.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)));

    private void Follow(Pod pod, CancellationToken cancellationToken)
    {
        if (pod.Metadata.DeletionTimestamp is not null || _followers.TryGetValue(pod.Name, out var running) && !running.IsCompleted)
        {
            return;
        }

        if (!_target.TryContainerFor(pod, out var container))
        {
            return;
        }

        var follower = new PodLogFollower(_target.Connection.Api, _output, _target.Scope.Namespace, pod.Name, container);
        _followers[pod.Name] = Task.Run(() => follower.FollowAsync(20, () => _live.ContainsKey(pod.Name), cancellationToken), CancellationToken.None);
    }

    private void CatchUp(Pod pod, CancellationToken cancellationToken)
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
                _output.Warning(e.Code, e.Message);
            }

            return;
        }

        var identity = target.Channel.Identity;
        if (_handledContainer.TryGetValue(pod.Name, out var handled) && handled == identity)
        {
            return;
        }

        if (_catchUps.TryGetValue(pod.Name, out var running) && !running.IsCompleted)
        {
            return;
        }

        _handledContainer[pod.Name] = identity;
        _catchUps[pod.Name] = Task.Run(() => SyncPodAsync(pod, target, cancellationToken), CancellationToken.None);
    }

    private async Task SyncPodAsync(Pod pod, SyncTarget target, CancellationToken cancellationToken)
    {
        var sinceReady = Stopwatch.StartNew();
        try
        {
            var result = await new SyncEngine(new ConsoleLog(_output)).SyncAsync(_template with { Targets = new[] { target }, Group = null }, cancellationToken).ConfigureAwait(false);
            if (result.NothingChanged)
            {
                _output.Detail($"pod '{pod.Name}' is up to date.");
                return;
            }

            _output.Info($"brought pod '{pod.Name}' up to date: {SyncResultFormatter.Format(result)["DevLoop: ".Length..]} It serves the current code {sinceReady.ElapsedMilliseconds} ms after it became ready.");
        }
        catch (DevLoopException e)
        {
            _handledContainer.TryRemove(pod.Name, out _);
            _output.Warning(e.Code, $"Could not bring pod '{pod.Name}' up to date: {e.Message}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // watch is stopping.
        }
    }
}
