using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>Writes objects and lists as JSON, or as a meta.k8s.io Table when the client asks for one (kubectl get).</summary>
public static class Responses
{
    public static Task ObjectAsync(HttpContext context, ResourceType type, JsonObject obj, int statusCode = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = statusCode;
        var body = Tables.Wanted(context.Request) ? Tables.For(context.Request, type, new[] { obj }, obj.Path("metadata").Str("resourceVersion")) : obj;
        return context.Response.WriteAsJsonAsync(body, context.RequestAborted);
    }

    public static Task ListAsync(HttpContext context, ResourceType type, IReadOnlyList<JsonObject> items, long version)
    {
        JsonObject body = Tables.Wanted(context.Request)
            ? Tables.For(context.Request, type, items, VersionClock.Format(version))
            : new JsonObject
            {
                ["apiVersion"] = type.ApiVersion,
                ["kind"] = type.ListKind,
                ["metadata"] = new JsonObject { ["resourceVersion"] = VersionClock.Format(version) },
                ["items"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
            };
        return context.Response.WriteAsJsonAsync(body, context.RequestAborted);
    }
}
