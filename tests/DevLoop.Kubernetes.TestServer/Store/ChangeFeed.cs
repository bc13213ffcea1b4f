using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>One change as a watch replays it; <see cref="Previous"/> is the object before a MODIFIED, so selector watches can tell entering from leaving.</summary>
public sealed record Change(long Version, string Type, JsonObject Object, JsonObject? Previous);

/// <summary>
/// One kind's change history, as a watch replays it: events by resourceVersion, a signal on every
/// change, and test controls for what real servers do on their own (bookmarks, expiry, ending a watch).
/// </summary>
public sealed class ChangeFeed
{
    /// <summary>Older events are compacted away, as etcd does, and watches from before them get 410 Gone.</summary>
    public const int Retained = 10_000;

    private readonly object _gate = new();
    private readonly List<Change> _events = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Watches from before this version get 410 Gone.</summary>
    public long OldestRetained { get; private set; }

    /// <summary>Incremented to make every open watch send a bookmark.</summary>
    public int BookmarkRequests { get; private set; }

    /// <summary>Incremented to end every open watch cleanly, as the server's request timeout does.</summary>
    public int EndRequests { get; private set; }

    /// <summary>Completes on the next change or control request.</summary>
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

    /// <summary>Records a change; the caller holds its store's lock so versions arrive in order.</summary>
    public void Record(long version, string type, JsonObject obj, JsonObject? previous = null)
    {
        lock (_gate)
        {
            _events.Add(new Change(version, type, (JsonObject)obj.DeepClone(), (JsonObject?)previous?.DeepClone()));
            if (_events.Count > Retained)
            {
                OldestRetained = Math.Max(OldestRetained, _events[0].Version);
                _events.RemoveAt(0);
            }

            Signal();
        }
    }

    public IReadOnlyList<Change> After(long version)
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
