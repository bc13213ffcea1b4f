using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// The pods' change history, as a watch replays it: events by resourceVersion, a signal on every
/// change, and test controls for what real servers do on their own (bookmarks, expiry, ending a watch).
/// </summary>
public sealed class PodEvents
{
    private readonly object _gate = new();
    private readonly List<(long Version, string Type, JsonObject Pod)> _events = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Watches from before this version get 410 Gone.</summary>
    public long OldestRetained { get; private set; }

    /// <summary>Incremented to make every open watch send a bookmark.</summary>
    public int BookmarkRequests { get; private set; }

    /// <summary>Incremented to end every open watch cleanly, as the server's request timeout does.</summary>
    public int EndRequests { get; private set; }

    public Task Changed
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    public void Record(long version, string type, JsonObject pod)
    {
        lock (_gate)
        {
            _events.Add((version, type, (JsonObject)pod.DeepClone()));
            Signal();
        }
    }

    public IReadOnlyList<(long Version, string Type, JsonObject Pod)> After(long version)
    {
        lock (_gate)
        {
            return _events.Where(e => e.Version > version).ToList();
        }
    }

    public void ExpireHistory(long upTo)
    {
        lock (_gate)
        {
            OldestRetained = upTo;
        }
    }

    public void RequestBookmark()
    {
        lock (_gate)
        {
            BookmarkRequests++;
            Signal();
        }
    }

    public void EndWatches()
    {
        lock (_gate)
        {
            EndRequests++;
            Signal();
        }
    }

    private void Signal()
    {
        var previous = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }
}
