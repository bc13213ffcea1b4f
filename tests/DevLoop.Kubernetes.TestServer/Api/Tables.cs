using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// Server-side printing: the meta.k8s.io/v1 Table kubectl get asks for (Accept ...;as=Table;v=v1;g=meta.k8s.io),
/// with the columns a real server prints for pods, deployments and replicasets.
/// </summary>
public static class Tables
{
    public static bool Wanted(HttpRequest request) =>
        request.Headers.Accept.ToString().Split(',').FirstOrDefault()?.Replace(" ", string.Empty, StringComparison.Ordinal).Contains("as=Table", StringComparison.Ordinal) == true;

    /// <summary>For watches: each event's object as a one-row Table when a Table was asked for.</summary>
    public static Func<JsonObject, JsonObject>? Renderer(HttpContext context, ResourceType type) =>
        Wanted(context.Request) ? obj => For(context.Request, type, new[] { obj }, obj.Path("metadata").Str("resourceVersion")) : null;

    public static JsonObject For(HttpRequest request, ResourceType type, IEnumerable<JsonObject> items, string? resourceVersion)
    {
        var full = request.Query["includeObject"] == "Object";
        var columns = Columns(type);
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["columnDefinitions"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = "string",
                ["format"] = c.Name == "Name" ? "name" : string.Empty,
                ["description"] = c.Name,
                ["priority"] = c.Priority,
            }).ToArray()),
            ["rows"] = new JsonArray(items.Select(item => (JsonNode)new JsonObject
            {
                ["cells"] = Cells(type, item).ToJsonArray(),
                ["object"] = full ? item.DeepClone() : new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = item["metadata"]?.DeepClone(),
                },
            }).ToArray()),
        };
    }

    private static IReadOnlyList<(string Name, int Priority)> Columns(ResourceType type) => type.Resource switch
    {
        "pods" => new[] { ("Name", 0), ("Ready", 0), ("Status", 0), ("Restarts", 0), ("Age", 0), ("IP", 1), ("Node", 1), ("Nominated Node", 1), ("Readiness Gates", 1) },
        "deployments" => new[] { ("Name", 0), ("Ready", 0), ("Up-to-date", 0), ("Available", 0), ("Age", 0), ("Containers", 1), ("Images", 1), ("Selector", 1) },
        _ => new[] { ("Name", 0), ("Desired", 0), ("Current", 0), ("Ready", 0), ("Age", 0), ("Containers", 1), ("Images", 1), ("Selector", 1) },
    };

    private static IEnumerable<string> Cells(ResourceType type, JsonObject obj)
    {
        var name = obj.Path("metadata").Str("name") ?? string.Empty;
        var age = Age(obj.Path("metadata").Str("creationTimestamp"));
        var status = obj["status"];
        if (type.Resource == "pods")
        {
            var containers = status.Items("containerStatuses").ToList();
            var total = obj.Path("spec").Items("containers").Count();
            var restarts = containers.Sum(c => c.Int("restartCount") ?? 0);
            var lastRestart = containers.Select(c => c.Path("lastState.terminated").Str("finishedAt")).Where(t => t is not null).Max();
            return new[]
            {
                name, $"{containers.Count(c => c.Bool("ready"))}/{total}", PodStatus(obj), restarts + (lastRestart is null ? string.Empty : $" ({Age(lastRestart)} ago)"), age,
                status.Str("podIP") ?? "<none>", obj.Path("spec").Str("nodeName") ?? "<none>", "<none>", "<none>",
            };
        }

        var template = type.Resource == "deployments" || type.Resource == "replicasets" ? obj.Path("spec.template.spec") : null;
        var containerNames = string.Join(',', template.Items("containers").Select(c => c.Str("name")));
        var images = string.Join(',', template.Items("containers").Select(c => c.Str("image")));
        var selector = string.Join(',', obj.Path("spec.selector").StringMap("matchLabels").Select(l => $"{l.Key}={l.Value}"));
        var replicas = Number(obj.Path("spec").Int("replicas"));
        if (type.Resource == "deployments")
        {
            return new[] { name, $"{Number(status.Int("readyReplicas"))}/{replicas}", Number(status.Int("updatedReplicas")), Number(status.Int("availableReplicas")), age, containerNames, images, selector };
        }

        return new[] { name, replicas, Number(status.Int("replicas")), Number(status.Int("readyReplicas")), age, containerNames, images, selector };
    }

    /// <summary>The STATUS column: Terminating, a waiting or terminated reason, else the phase.</summary>
    private static string PodStatus(JsonObject pod)
    {
        if (pod.Path("metadata.deletionTimestamp") is not null)
        {
            return "Terminating";
        }

        foreach (var container in pod.Path("status").Items("containerStatuses"))
        {
            if (container.Path("state.waiting").Str("reason") is { } waiting)
            {
                return waiting;
            }

            if (container.Path("state.terminated").Str("reason") is { } terminated)
            {
                return terminated;
            }
        }

        return pod.Path("status").Str("phase") ?? "Unknown";
    }

    private static string Number(long? value) => (value ?? 0).ToString(CultureInfo.InvariantCulture);

    /// <summary>Ages as kubectl prints them: 45s, 3m20s, 15m, 2h5m, 3d.</summary>
    private static string Age(string? timestamp)
    {
        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return "<unknown>";
        }

        var age = DateTimeOffset.UtcNow - time;
        var seconds = (long)Math.Max(0, age.TotalSeconds);
        return seconds switch
        {
            < 120 => $"{seconds}s",
            < 600 => seconds % 60 == 0 ? $"{seconds / 60}m" : $"{seconds / 60}m{seconds % 60}s",
            < 3 * 3600 => $"{seconds / 60}m",
            < 8 * 3600 => $"{seconds / 3600}h{seconds % 3600 / 60}m",
            < 48 * 3600 => $"{seconds / 3600}h",
            _ => $"{seconds / 86400}d",
        };
    }
}
