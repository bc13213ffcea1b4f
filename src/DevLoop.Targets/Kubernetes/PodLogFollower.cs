using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Kubernetes.Api;
using DevLoop.Targets.Providers;

namespace DevLoop.Targets.Kubernetes;

/// <summary>
/// Streams one pod's container log with the pod's name as prefix. When the stream ends (the
/// container restarted, the connection dropped) it attaches again while the pod exists.
/// </summary>
internal sealed class PodLogFollower
{
    private readonly KubeApiClient _api;
    private readonly IDevLoopLog _log;
    private readonly ISessionObserver _observer;
    private readonly string _namespace;
    private readonly string _pod;
    private readonly string _container;

    public PodLogFollower(KubeApiClient api, IDevLoopLog log, ISessionObserver observer, string ns, string pod, string container)
    {
        _api = api;
        _log = log;
        _observer = observer;
        _namespace = ns;
        _pod = pod;
        _container = container;
    }

    /// <param name="firstTail">How many earlier lines to show on the first attach (null: all).</param>
    public async Task FollowAsync(int? firstTail, Func<bool> podStillExists, CancellationToken cancellationToken)
    {
        int? tail = firstTail;
        DateTimeOffset? endedAt = null;
        while (!cancellationToken.IsCancellationRequested && podStillExists())
        {
            // After a stream ended, attach again from a little before that moment (a restarted
            // container's log starts then); a line may repeat, none is lost.
            int? since = endedAt is { } ended ? (int)Math.Ceiling((DateTimeOffset.UtcNow - ended).TotalSeconds) + 1 : null;
            try
            {
                await foreach (var line in _api.FollowLogsAsync(_namespace, _pod, _container, since is null ? tail : null, since, cancellationToken).ConfigureAwait(false))
                {
                    _observer.AppOutput(_pod, line.TrimEnd('\r'), isError: false);
                }

                endedAt = DateTimeOffset.UtcNow;
            }
            catch (DevLoopException e) when (!cancellationToken.IsCancellationRequested)
            {
                // A container that is still starting has no log yet (400): try again shortly, with
                // the same settings, so its first lines are still shown.
                _log.Detail($"Logs of pod '{_pod}' are not available yet: {e.Message}");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }
}
