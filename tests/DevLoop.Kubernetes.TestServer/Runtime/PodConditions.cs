using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>A pod's conditions (PodScheduled, Initialized, ContainersReady, Ready), keeping each lastTransitionTime until its status flips.</summary>
public static class PodConditions
{
    public static JsonArray Update(JsonArray? current, bool ready, bool containersReady)
    {
        var wanted = new (string Type, bool Status)[]
        {
            ("PodReadyToStartContainers", true),
            ("Initialized", true),
            ("Ready", ready),
            ("ContainersReady", containersReady),
            ("PodScheduled", true),
        };
        var result = new JsonArray();
        foreach (var (type, status) in wanted)
        {
            var text = status ? "True" : "False";
            var previous = current?.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == type);
            var condition = new JsonObject
            {
                ["type"] = type,
                ["status"] = text,
                ["lastProbeTime"] = null,
                ["lastTransitionTime"] = previous?.Str("status") == text ? previous.Str("lastTransitionTime") : Json.Now(),
            };
            if (!status && type is "Ready" or "ContainersReady")
            {
                condition["reason"] = "ContainersNotReady";
            }

            result.Add(condition);
        }

        return result;
    }
}
