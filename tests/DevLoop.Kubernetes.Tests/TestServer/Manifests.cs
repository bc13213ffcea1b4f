using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.Tests.TestServer;

/// <summary>Pod and Deployment manifests as clients POST them.</summary>
internal static class Manifests
{
    /// <summary>Prints a line, then idles: a long-running container that needs nothing but sh.</summary>
    public static readonly string[] Idle = { "sh", "-c", "echo started; while true; do sleep 1; done" };

    public static JsonObject Pod(string? name, string image, string[] command, JsonObject? extra = null, string? generateName = null)
    {
        var container = new JsonObject { ["name"] = "app", ["image"] = image, ["command"] = new JsonArray(command.Select(c => (JsonNode)c).ToArray()) };
        foreach (var (key, value) in extra ?? new JsonObject())
        {
            container[key] = value?.DeepClone();
        }

        var metadata = new JsonObject { ["labels"] = new JsonObject { ["app"] = name ?? generateName!.TrimEnd('-') } };
        metadata[name is null ? "generateName" : "name"] = name ?? generateName;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(container) },
        };
    }

    public static JsonObject Deployment(string name, int replicas, string image, string[] command) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = Pod(name, image, command)["spec"]!.DeepClone(),
            },
        },
    };
}
