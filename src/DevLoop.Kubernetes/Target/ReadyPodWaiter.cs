using System.Diagnostics;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;

namespace DevLoop.Kubernetes.Target;

/// <summary>
/// Waits until the scope has at least one ready pod, saying what it waits for; fails at once when no
/// pod matches at all, and after the timeout when none becomes ready.
/// </summary>
public sealed class ReadyPodWaiter
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);
    private readonly KubernetesConnection _connection;
    private readonly IDevLoopLog _log;

    public ReadyPodWaiter(KubernetesConnection connection, IDevLoopLog log)
    {
        _connection = connection;
        _log = log;
    }

    public async Task<ReadyPods> WaitAsync(PodScope scope, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var nextProgress = TimeSpan.Zero;
        while (true)
        {
            var list = await _connection.Api.ListPodsAsync(scope.Namespace, scope.Selector, cancellationToken).ConfigureAwait(false);
            var pods = ReadyPods.From(list.Items);
            if (pods.Ready.Count > 0)
            {
                return pods;
            }

            if (pods.NotReady.Count == 0)
            {
                throw new DevLoopException(
                    ErrorCodes.NoPodsMatch,
                    $"No pod matches {scope.Selector} in namespace '{scope.Namespace}' of context '{_connection.Context.Name}'"
                    + (scope.Workload is null ? "." : $" ({scope.Description} has {scope.Workload.Spec?.Replicas?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no"} replicas).")
                    + $" Check DevLoopSelector/DevLoopWorkload and DevLoopNamespace (kubectl get pods -n {scope.Namespace} -l '{scope.Selector}').");
            }

            if (waited.Elapsed >= timeout)
            {
                throw new DevLoopException(
                    ErrorCodes.PodsNotReady,
                    $"No pod of {scope} became ready within {timeout.TotalSeconds:F0} s: {ReadyPods.Describe(pods.NotReady)}. "
                    + $"Look at kubectl describe pod -n {scope.Namespace} {pods.NotReady[0].Name}; raise DevLoopReadyTimeout if it is only slow.");
            }

            if (waited.Elapsed >= nextProgress)
            {
                nextProgress = waited.Elapsed + ProgressEvery;
                _log.Info($"DevLoop: waiting for a ready pod of {scope}: {ReadyPods.Describe(pods.NotReady)} ({waited.Elapsed.TotalSeconds:F0} s of {timeout.TotalSeconds:F0} s).");
            }

            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
    }
}
