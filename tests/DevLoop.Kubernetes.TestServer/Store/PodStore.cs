using System.Globalization;
using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// The pods. Pods created through the API (or <see cref="KubeApiServer.CreatePodAsync(JsonObject, CancellationToken)"/>)
/// are run by the server's kubelet; <see cref="Add"/>, <see cref="SetReady"/> and <see cref="Delete"/>
/// only write the store, for tests that need a pod object and nothing behind it (or a container they
/// started themselves).
/// </summary>
public sealed class PodStore : ObjectStore
{
    /// <summary>The annotation that carries the loopback port the server gave the pod.</summary>
    public const string PortAnnotation = "test.devloop/port";

    public PodStore(VersionClock clock)
        : base(ResourceType.Pods, clock)
    {
    }

    /// <summary>Stores (or replaces) a running pod with one container; no container is started.</summary>
    /// <param name="dockerContainer">A container the test started, used for exec and logs.</param>
    public JsonObject Add(string ns, string name, IReadOnlyDictionary<string, string> labels, bool ready = true, string container = "app", string? dockerContainer = null)
    {
        var status = new JsonObject
        {
            ["name"] = container,
            ["image"] = "devloop-test/aspnet:latest",
            ["ready"] = ready,
            ["restartCount"] = 0,
            ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Json.Now() } },
        };
        if (dockerContainer is not null)
        {
            status["containerID"] = "docker://" + dockerContainer;
        }

        return Put(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["uid"] = Guid.NewGuid().ToString(),
                ["creationTimestamp"] = Json.Now(),
                ["labels"] = labels.ToJson(),
            },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = container, ["image"] = "devloop-test/aspnet:latest" }) },
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["podIP"] = "127.0.0.1",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
                ["containerStatuses"] = new JsonArray(status),
            },
        });
    }

    /// <summary>Flips the Ready condition in the store only (a kubelet-run pod's next status update overrides it).</summary>
    public void SetReady(string ns, string name, bool ready) =>
        _ = Update(ns, name, pod =>
        {
            var conditions = pod.Child("status")["conditions"] as JsonArray ?? new JsonArray();
            pod["status"]!["conditions"] = conditions;
            var condition = conditions.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == "Ready");
            if (condition is null)
            {
                condition = new JsonObject { ["type"] = "Ready" };
                conditions.Add(condition);
            }

            condition["status"] = ready ? "True" : "False";
        }) ?? throw new KeyNotFoundException($"pods \"{name}\" not found in \"{ns}\"");

    /// <summary>Removes the pod from the store at once (no grace, no container stopped).</summary>
    public void Delete(string ns, string name) => Remove(ns, name);

    /// <summary>The Docker container currently behind a pod's container (the first one by default), or null while none runs.</summary>
    public string? DockerContainer(string ns, string name, string? container = null) =>
        Get(ns, name) is { } pod ? ContainerId(pod, container) : null;

    /// <summary>The loopback port the server gave the pod (its PORT and ASPNETCORE_HTTP_PORTS), or null for a pod it does not run.</summary>
    public int? Port(string ns, string name) =>
        Get(ns, name)?.Path("metadata.annotations")?.Str(PortAnnotation) is { } port ? int.Parse(port, CultureInfo.InvariantCulture) : null;

    /// <summary>True when the pod's Ready condition is True.</summary>
    public static bool IsReady(JsonObject pod) =>
        pod.Path("status").Items("conditions").Any(c => c.Str("type") == "Ready" && c.Str("status") == "True");

    /// <summary>The container id in a pod's status for the named container (or the first).</summary>
    public static string? ContainerId(JsonObject pod, string? container)
    {
        var statuses = pod.Path("status").Items("containerStatuses").ToList();
        var status = container is null ? statuses.FirstOrDefault() : statuses.FirstOrDefault(s => s.Str("name") == container);
        var id = status.Str("containerID");
        return id is null ? null : id[(id.IndexOf("://", StringComparison.Ordinal) + 3)..];
    }
}
