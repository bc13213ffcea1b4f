using System.Runtime.CompilerServices;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;

namespace DevLoop.Kubernetes.Api;

/// <summary>
/// List, then watch from the list's resourceVersion, for as long as the caller listens: reconnects
/// from the last version when the server ends a watch, lists again on 410 Gone (telling the caller
/// what changed meanwhile as ADDED/MODIFIED/DELETED), and retries after the server was unreachable.
/// </summary>
public sealed class PodInformer
{
    private readonly KubeApiClient _api;
    private readonly string _namespace;
    private readonly string _selector;
    private readonly IDevLoopLog _log;
    private readonly TimeSpan _retryDelay;
    private readonly Dictionary<string, Pod> _known = new(StringComparer.Ordinal);
    private bool _listedOnce;

    public PodInformer(KubeApiClient api, string ns, string selector, IDevLoopLog log, TimeSpan? retryDelay = null)
    {
        _api = api;
        _namespace = ns;
        _selector = selector;
        _log = log;
        _retryDelay = retryDelay ?? TimeSpan.FromSeconds(2);
    }

    /// <summary>The pods the first list found, i.e. those that existed before the informer started (empty until then).</summary>
    public IReadOnlySet<string> FirstListed { get; private set; } = new HashSet<string>();

    /// <summary>The pods as last seen, by name.</summary>
    public IReadOnlyDictionary<string, Pod> Known => _known;

    /// <summary>Every change to the matching pods (no bookmarks), starting with an ADDED for each pod that exists.</summary>
    public async IAsyncEnumerable<PodWatchEvent> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? version = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (version is null)
            {
                List<PodWatchEvent> relisted;
                try
                {
                    (relisted, version) = await RelistAsync(cancellationToken).ConfigureAwait(false);
                    if (!_listedOnce)
                    {
                        _listedOnce = true;
                        FirstListed = _known.Keys.ToHashSet(StringComparer.Ordinal);
                    }
                }
                catch (DevLoopException e) when (e.Code == ErrorCodes.ApiServerUnreachable)
                {
                    _log.Detail($"Listing pods failed ({e.Message}); retrying.");
                    await Task.Delay(_retryDelay, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                foreach (var change in relisted)
                {
                    yield return change;
                }
            }

            var stream = _api.WatchPodsAsync(_namespace, _selector, version, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    PodWatchEvent next;
                    try
                    {
                        if (!await stream.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }

                        next = stream.Current;
                    }
                    catch (WatchExpiredException)
                    {
                        _log.Detail($"The pods watch from resourceVersion {version} expired; listing again.");
                        version = null;
                        break;
                    }
                    catch (Exception e) when (IsConnectionLoss(e, cancellationToken))
                    {
                        _log.Detail($"The pods watch was cut ({e.GetBaseException().Message}); reconnecting.");
                        await Task.Delay(_retryDelay, cancellationToken).ConfigureAwait(false);
                        break;
                    }

                    version = next.ResourceVersion ?? version;
                    if (next.Type == PodWatchEvent.Bookmark || next.Pod is null)
                    {
                        continue;
                    }

                    if (next.Type == PodWatchEvent.Deleted)
                    {
                        _known.Remove(next.Pod.Name);
                    }
                    else
                    {
                        _known[next.Pod.Name] = next.Pod;
                    }

                    yield return next;
                }
            }
            finally
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static bool IsConnectionLoss(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && (e is IOException or HttpRequestException || (e is DevLoopException coded && coded.Code == ErrorCodes.ApiServerUnreachable));

    private async Task<(List<PodWatchEvent> Changes, string Version)> RelistAsync(CancellationToken cancellationToken)
    {
        var list = await _api.ListPodsAsync(_namespace, _selector, cancellationToken).ConfigureAwait(false);
        var changes = new List<PodWatchEvent>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in list.Items)
        {
            seen.Add(pod.Name);
            if (!_known.TryGetValue(pod.Name, out var old))
            {
                changes.Add(new PodWatchEvent(PodWatchEvent.Added, pod, pod.Metadata.ResourceVersion));
            }
            else if (old.Metadata.ResourceVersion != pod.Metadata.ResourceVersion)
            {
                changes.Add(new PodWatchEvent(PodWatchEvent.Modified, pod, pod.Metadata.ResourceVersion));
            }

            _known[pod.Name] = pod;
        }

        foreach (var gone in _known.Keys.Where(name => !seen.Contains(name)).ToList())
        {
            changes.Add(new PodWatchEvent(PodWatchEvent.Deleted, _known[gone], null));
            _known.Remove(gone);
        }

        return (changes, list.Metadata.ResourceVersion ?? string.Empty);
    }
}
