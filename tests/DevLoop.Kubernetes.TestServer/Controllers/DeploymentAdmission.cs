using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>A Deployment's validation and defaults on create and update (generation counts spec changes).</summary>
public static class DeploymentAdmission
{
    public static void Admit(string ns, JsonObject deployment)
    {
        Objects.AdmitMetadata(ns, deployment, ResourceType.Deployments);
        var spec = deployment.Child("spec");
        Validate(deployment);
        spec["replicas"] ??= 1;
        spec["revisionHistoryLimit"] ??= 10;
        spec["progressDeadlineSeconds"] ??= 600;
        spec["strategy"] ??= new JsonObject
        {
            ["type"] = "RollingUpdate",
            ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "25%", ["maxSurge"] = "25%" },
        };
        deployment.Metadata()["generation"] = 1;
        deployment["status"] = new JsonObject();
    }

    /// <summary>For PATCH and PUT: the selector stays, the template must still be runnable, and a spec change bumps generation.</summary>
    public static void ValidateUpdate(JsonObject before, JsonObject after)
    {
        Validate(after);
        var name = after.Metadata().Str("name")!;
        if (!JsonNode.DeepEquals(before.Path("spec.selector"), after.Path("spec.selector")))
        {
            throw ApiException.Invalid(ResourceType.Deployments, name, "spec.selector: Invalid value: field is immutable");
        }

        if (!JsonNode.DeepEquals(before["spec"], after["spec"]))
        {
            after.Metadata()["generation"] = (before.Path("metadata").Int("generation") ?? 1) + 1;
        }
    }

    private static void Validate(JsonObject deployment)
    {
        var name = deployment.Metadata().Str("name") ?? string.Empty;
        var spec = deployment["spec"] as JsonObject;
        if (spec?["selector"] is not JsonObject selector)
        {
            throw ApiException.Invalid(ResourceType.Deployments, name, "spec.selector: Required value");
        }

        if (spec.Int("replicas") is < 0)
        {
            throw ApiException.Invalid(ResourceType.Deployments, name, "spec.replicas: Invalid value: must be greater than or equal to 0");
        }

        var labels = spec.Path("template.metadata").StringMap("labels");
        if (LabelSelector.FromObject(selector) is var matcher && (matcher.IsEmpty || !matcher.Matches(labels)))
        {
            throw ApiException.Invalid(ResourceType.Deployments, name, "spec.template.metadata.labels: Invalid value: `selector` does not match template `labels`");
        }

        PodAdmission.Validate(name, spec.Path("template.spec") as JsonObject ?? new JsonObject(), ResourceType.Deployments, "spec.template.spec");
    }
}
