using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>A Deployment's status from its pods: counts, observedGeneration, and the Available and Progressing conditions.</summary>
public static class DeploymentStatus
{
    public static JsonObject Compute(JsonObject deployment, string replicaSet, int replicas, int ready)
    {
        var wanted = deployment.Path("spec").Int("replicas") ?? 1;
        var previous = deployment["status"];
        var status = new JsonObject
        {
            ["observedGeneration"] = deployment.Path("metadata").Int("generation") ?? 1,
            ["replicas"] = replicas,
            ["updatedReplicas"] = replicas,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
        };
        if (replicas - ready > 0)
        {
            status["unavailableReplicas"] = replicas - ready;
        }

        var available = ready >= wanted;
        status["conditions"] = new JsonArray(
            Condition(previous, "Available", available, available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable", available ? "Deployment has minimum availability." : "Deployment does not have minimum availability."),
            Condition(previous, "Progressing", true, available ? "NewReplicaSetAvailable" : "ReplicaSetUpdated", available ? $"ReplicaSet \"{replicaSet}\" has successfully progressed." : $"ReplicaSet \"{replicaSet}\" is progressing."));
        return status;
    }

    private static JsonObject Condition(JsonNode? previousStatus, string type, bool value, string reason, string message)
    {
        var text = value ? "True" : "False";
        var previous = previousStatus.Items("conditions").FirstOrDefault(c => c.Str("type") == type);
        var unchanged = previous?.Str("status") == text && previous.Str("reason") == reason;
        var now = Json.Now();
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = text,
            ["lastUpdateTime"] = unchanged ? previous!.Str("lastUpdateTime") : now,
            ["lastTransitionTime"] = previous?.Str("status") == text ? previous.Str("lastTransitionTime") : now,
            ["reason"] = reason,
            ["message"] = message,
        };
    }
}
