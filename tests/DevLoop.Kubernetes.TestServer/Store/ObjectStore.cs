using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// The objects of one kind by namespace and name, as JSON. Every write takes a new resourceVersion
/// from the shared clock and is recorded in <see cref="Events"/> under the same lock, so watches see
/// changes in version order. Readers get copies.
/// </summary>
public class ObjectStore
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Ns, string Name), JsonObject> _objects = new();
    private readonly VersionClock _clock;

    public ObjectStore(ResourceType type, VersionClock clock)
    {
        Type = type;
        _clock = clock;
    }

    public ResourceType Type { get; }

    public ChangeFeed Events { get; } = new();

    public long CurrentVersion => _clock.Current;

    public string ResourceVersion => VersionClock.Format(_clock.Current);

    /// <summary>Stores a new object, filling apiVersion, kind, uid, creationTimestamp and resourceVersion; null if the name is taken.</summary>
    public JsonObject? Create(JsonObject obj)
    {
        var (ns, name) = Key(obj);
        lock (_gate)
        {
            if (_objects.ContainsKey((ns, name)))
            {
                return null;
            }

            var stored = (JsonObject)obj.DeepClone();
            stored["apiVersion"] = Type.ApiVersion;
            stored["kind"] = Type.Kind;
            var metadata = stored.Metadata();
            metadata["uid"] ??= Guid.NewGuid().ToString();
            metadata["creationTimestamp"] ??= Json.Now();
            return Write(stored, "ADDED", previous: null);
        }
    }

    /// <summary>Applies <paramref name="change"/> to a copy and stores it if anything changed; null if the object does not exist.</summary>
    public JsonObject? Update(string ns, string name, Action<JsonObject> change)
    {
        lock (_gate)
        {
            if (!_objects.TryGetValue((ns, name), out var current))
            {
                return null;
            }

            var updated = (JsonObject)current.DeepClone();
            change(updated);
            updated.Metadata()["resourceVersion"] = current.Metadata()["resourceVersion"]?.DeepClone();
            return JsonNode.DeepEquals(updated, current) ? (JsonObject)current.DeepClone() : Write(updated, "MODIFIED", current);
        }
    }

    public JsonObject? Remove(string ns, string name)
    {
        lock (_gate)
        {
            if (!_objects.Remove((ns, name), out var removed))
            {
                return null;
            }

            var version = _clock.Next();
            removed.Metadata()["resourceVersion"] = VersionClock.Format(version);
            Events.Record(version, "DELETED", removed);
            return (JsonObject)removed.DeepClone();
        }
    }

    public JsonObject? Get(string ns, string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue((ns, name), out var obj) ? (JsonObject)obj.DeepClone() : null;
        }
    }

    /// <summary>Objects in <paramref name="ns"/> (all namespaces when null) ordered by namespace and name.</summary>
    public IReadOnlyList<JsonObject> List(string? ns = null, Func<JsonObject, bool>? filter = null) => Snapshot(ns, filter).Items;

    /// <summary>A list and the resourceVersion it is consistent with, taken together.</summary>
    public (IReadOnlyList<JsonObject> Items, long Version) Snapshot(string? ns, Func<JsonObject, bool>? filter)
    {
        lock (_gate)
        {
            var items = _objects
                .Where(o => (ns is null || o.Key.Ns == ns) && (filter is null || filter(o.Value)))
                .OrderBy(o => o.Key.Ns, StringComparer.Ordinal).ThenBy(o => o.Key.Name, StringComparer.Ordinal)
                .Select(o => (JsonObject)o.Value.DeepClone())
                .ToList();
            return (items, _clock.Current);
        }
    }

    /// <summary>Adds or replaces an object as given (test set-up), recorded as ADDED or MODIFIED.</summary>
    protected JsonObject Put(JsonObject obj)
    {
        var key = Key(obj);
        lock (_gate)
        {
            _objects.TryGetValue(key, out var previous);
            return Write((JsonObject)obj.DeepClone(), previous is null ? "ADDED" : "MODIFIED", previous);
        }
    }

    private JsonObject Write(JsonObject obj, string type, JsonObject? previous)
    {
        var version = _clock.Next();
        obj.Metadata()["resourceVersion"] = VersionClock.Format(version);
        _objects[Key(obj)] = obj;
        Events.Record(version, type, obj, previous);
        return (JsonObject)obj.DeepClone();
    }

    private static (string Ns, string Name) Key(JsonObject obj) =>
        (obj.Metadata().Str("namespace") ?? "default", obj.Metadata().Str("name") ?? throw new ArgumentException("An object needs metadata.name."));
}
