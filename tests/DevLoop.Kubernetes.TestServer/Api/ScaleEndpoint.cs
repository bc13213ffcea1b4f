using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>deployments/scale as autoscaling/v1 Scale objects: what `kubectl scale` gets and patches.</summary>
public static class ScaleEndpoint
{
    public static void Map(WebApplication app, ObjectStore deployments, ServerUsers users)
    {
        var path = "/apis/apps/v1/namespaces/{ns}/deployments/{name}/scale";
        app.MapGet(path, async (HttpContext context, string ns, string name) =>
        {
            Authorize(context, users, "get", ns, name);
            var deployment = deployments.Get(ns, name) ?? throw ApiException.NotFound(ResourceType.Deployments, name);
            await context.Response.WriteAsJsonAsync(Scale(deployment), context.RequestAborted);
        });
        app.MapPatch(path, async (HttpContext context, string ns, string name) =>
        {
            Authorize(context, users, "patch", ns, name);
            var patch = await RequestBody.PatchAsync(context.Request);
            await context.Response.WriteAsJsonAsync(Scale(SetReplicas(deployments, ns, name, scale => patch(scale))), context.RequestAborted);
        });
        app.MapPut(path, async (HttpContext context, string ns, string name) =>
        {
            Authorize(context, users, "update", ns, name);
            var body = await RequestBody.ObjectAsync(context.Request);
            await context.Response.WriteAsJsonAsync(Scale(SetReplicas(deployments, ns, name, _ => body)), context.RequestAborted);
        });
    }

    private static JsonObject SetReplicas(ObjectStore deployments, string ns, string name, Func<JsonObject, JsonObject> change) =>
        deployments.Update(ns, name, deployment =>
        {
            var replicas = change(Scale(deployment)).Path("spec").Int("replicas")
                ?? throw ApiException.Invalid(ResourceType.Deployments, name, "spec.replicas: Required value");
            var before = (JsonObject)deployment.DeepClone();
            deployment.Child("spec")["replicas"] = replicas;
            DeploymentAdmission.ValidateUpdate(before, deployment);
        }) ?? throw ApiException.NotFound(ResourceType.Deployments, name);

    private static JsonObject Scale(JsonObject deployment)
    {
        var metadata = deployment.Path("metadata");
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = metadata.Str("name"),
                ["namespace"] = metadata.Str("namespace"),
                ["uid"] = metadata.Str("uid"),
                ["resourceVersion"] = metadata.Str("resourceVersion"),
                ["creationTimestamp"] = metadata.Str("creationTimestamp"),
            },
            ["spec"] = new JsonObject { ["replicas"] = deployment.Path("spec").Int("replicas") ?? 1 },
            ["status"] = new JsonObject
            {
                ["replicas"] = deployment.Path("status").Int("replicas") ?? 0,
                ["selector"] = string.Join(',', deployment.Path("spec.selector").StringMap("matchLabels").Select(l => $"{l.Key}={l.Value}")),
            },
        };
    }

    private static void Authorize(HttpContext context, ServerUsers users, string verb, string ns, string name) =>
        users.Authorize((string)context.Items["user"]!, verb, ResourceType.Deployments, "scale", ns, name);
}
