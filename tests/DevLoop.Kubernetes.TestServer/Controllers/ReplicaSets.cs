using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>The objects the deployment controller makes: a ReplicaSet for a template, and pods from a ReplicaSet.</summary>
public static class ReplicaSets
{
    public static JsonObject For(JsonObject deployment, JsonObject template, string hash, int replicas)
    {
        var name = deployment.Path("metadata").Str("name")!;
        var podTemplate = (JsonObject)template.DeepClone();
        podTemplate.Metadata().Child("labels")[DeploymentController.HashLabel] = hash;
        var selector = (JsonObject)(deployment.Path("spec.selector")?.DeepClone() ?? new JsonObject());
        selector.Child("matchLabels")[DeploymentController.HashLabel] = hash;
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{name}-{hash}",
                ["namespace"] = deployment.Path("metadata").Str("namespace"),
                ["generation"] = 1,
                ["labels"] = podTemplate.Path("metadata.labels")!.DeepClone(),
                ["annotations"] = new JsonObject
                {
                    ["deployment.kubernetes.io/desired-replicas"] = replicas.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["deployment.kubernetes.io/revision"] = "1",
                },
                ["ownerReferences"] = new JsonArray(OwnerReference(deployment)),
            },
            ["spec"] = new JsonObject { ["replicas"] = replicas, ["selector"] = selector, ["template"] = podTemplate },
            ["status"] = new JsonObject { ["replicas"] = 0 },
        };
    }

    /// <summary>A pod for the ReplicaSet: its template, named &lt;rs&gt;-&lt;5 chars&gt;, owned by it.</summary>
    public static JsonObject NewPod(JsonObject replicaSet)
    {
        var template = replicaSet.Path("spec.template");
        var metadata = (JsonObject)(template?["metadata"]?.DeepClone() ?? new JsonObject());
        metadata.Remove("name");
        metadata["generateName"] = replicaSet.Path("metadata").Str("name") + "-";
        metadata["ownerReferences"] = new JsonArray(OwnerReference(replicaSet));
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = template?["spec"]?.DeepClone() ?? new JsonObject(),
        };
    }

    private static JsonObject OwnerReference(JsonObject owner) => new()
    {
        ["apiVersion"] = owner.Str("apiVersion"),
        ["kind"] = owner.Str("kind"),
        ["name"] = owner.Path("metadata").Str("name"),
        ["uid"] = owner.Path("metadata").Str("uid"),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };
}
