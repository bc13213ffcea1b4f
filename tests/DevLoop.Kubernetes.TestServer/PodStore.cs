using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>Pods by namespace and name, as JSON objects, with a resourceVersion counter.</summary>
public sealed class PodStore
{
    private readonly ConcurrentDictionary<(string Ns, string Name), JsonObject> _pods = new();
    private readonly ConcurrentDictionary<(string Ns, string Name), string> _containers = new();
    private long _resourceVersion = 100;

    public PodEvents Events { get; } = new();

    public long CurrentVersion => Interlocked.Read(ref _resourceVersion);

    public string ResourceVersion => Interlocked.Read(ref _resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <param name="dockerContainer">The real container behind the pod's one container, for exec.</param>
    public JsonObject Add(string ns, string name, IReadOnlyDictionary<string, string> labels, bool ready = true, string container = "app", string? dockerContainer = null)
    {
        if (dockerContainer is not null)
        {
            _containers[(ns, name)] = dockerContainer;
        }

        var rv = Interlocked.Increment(ref _resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["resourceVersion"] = rv,
                ["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
            },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = container, ["image"] = "devloop-test/aspnet:latest" }) },
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
            },
        };
        var existed = _pods.ContainsKey((ns, name));
        _pods[(ns, name)] = pod;
        Events.Record(long.Parse(rv, System.Globalization.CultureInfo.InvariantCulture), existed ? "MODIFIED" : "ADDED", pod);
        return pod;
    }

    public void SetReady(string ns, string name, bool ready)
    {
        var pod = _pods[(ns, name)];
        var rv = Interlocked.Increment(ref _resourceVersion);
        pod["metadata"]!["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
        pod["status"]!["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" });
        Events.Record(rv, "MODIFIED", pod);
    }

    public void Delete(string ns, string name)
    {
        if (_pods.TryRemove((ns, name), out var pod))
        {
            _containers.TryRemove((ns, name), out _);
            var rv = Interlocked.Increment(ref _resourceVersion);
            pod["metadata"]!["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Events.Record(rv, "DELETED", pod);
        }
    }

    public bool MatchesSelector(JsonObject pod, IReadOnlyDictionary<string, string> selector) => Matches(pod, selector);

    public string? DockerContainer(string ns, string name) => _containers.TryGetValue((ns, name), out var id) ? id : null;

    public JsonObject? Get(string ns, string name) => _pods.TryGetValue((ns, name), out var pod) ? pod : null;

    public IEnumerable<JsonObject> List(string ns, IReadOnlyDictionary<string, string> selector) =>
        _pods.Where(p => p.Key.Ns == ns && Matches(p.Value, selector)).OrderBy(p => p.Key.Name, StringComparer.Ordinal).Select(p => p.Value);

    private static bool Matches(JsonObject pod, IReadOnlyDictionary<string, string> selector) =>
        selector.All(s => pod["metadata"]?["labels"]?[s.Key]?.GetValue<string>() == s.Value);
}
