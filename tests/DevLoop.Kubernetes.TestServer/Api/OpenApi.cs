using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// Just enough OpenAPI v3 for `kubectl create -f` without --validate=false: kubectl 1.32 validates
/// client-side from the schemas unless the PATCH operation of the object's kind lists the
/// fieldValidation parameter, which says the server validates (this one accepts and ignores it).
/// The documents carry no schemas (kubectl explain has nothing to show); /openapi/v2 is a 404.
/// </summary>
public static class OpenApi
{
    private static readonly (string Path, ResourceType Type)[] GroupVersions =
    {
        ("api/v1", ResourceType.Pods),
        ("apis/apps/v1", ResourceType.Deployments),
    };

    public static void Map(WebApplication app)
    {
        var documents = GroupVersions.ToDictionary(g => g.Path, g => Document(g.Type).ToJsonString());
        app.MapGet("/openapi/v3", () => Results.Json(new JsonObject
        {
            ["paths"] = new JsonObject(documents.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)new JsonObject
            {
                ["serverRelativeURL"] = $"/openapi/v3/{d.Key}?hash={Hash(d.Value)}",
            }))),
        }));
        app.MapGet("/openapi/v3/{**groupVersion}", (HttpContext context, string groupVersion) =>
            documents.TryGetValue(groupVersion, out var document)
                ? Results.Text(document, "application/json", Encoding.UTF8)
                : Results.Json(Status.Failure(HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource"), statusCode: 404));
        app.MapGet("/openapi/v2", (HttpContext context) => Status.WriteAsync(context, HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource"));
    }

    private static JsonObject Document(ResourceType type) => new()
    {
        ["openapi"] = "3.0.0",
        ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = Discovery.GitVersion },
        ["paths"] = new JsonObject
        {
            [$"{type.Prefix}/namespaces/{{namespace}}/{type.Resource}/{{name}}"] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = "patch" + type.Kind,
                    ["parameters"] = new JsonArray(new[] { "dryRun", "fieldManager", "fieldValidation", "force" }.Select(p => (JsonNode)new JsonObject
                    {
                        ["name"] = p,
                        ["in"] = "query",
                        ["schema"] = new JsonObject { ["type"] = p == "force" ? "boolean" : "string", ["uniqueItems"] = true },
                    }).ToArray()),
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
                    ["x-kubernetes-action"] = "patch",
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind },
                },
            },
        },
        ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
    };

    private static string Hash(string document) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(document)))[..16];
}
