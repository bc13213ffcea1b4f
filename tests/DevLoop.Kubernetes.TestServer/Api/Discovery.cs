using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// What clients read before anything else: /version, the legacy discovery documents (/api, /api/v1,
/// /apis, /apis/apps/v1). kubectl first asks for aggregated discovery
/// (as=APIGroupDiscoveryList); a plain application/json answer makes it fall back to these documents.
/// OpenAPI: see <see cref="OpenApi"/>.
/// </summary>
public static class Discovery
{
    public const string GitVersion = "v1.32.4";

    public static void Map(WebApplication app, Func<Uri> url)
    {
        app.MapGet("/version", () => Results.Json(new JsonObject
        {
            ["major"] = "1",
            ["minor"] = "32",
            ["gitVersion"] = GitVersion,
            ["gitCommit"] = "devloop-test-server",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2025-04-22T00:00:00Z",
            ["goVersion"] = "go1.23.6",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        }));
        app.MapGet("/api", () => Results.Json(new JsonObject
        {
            ["kind"] = "APIVersions",
            ["versions"] = new JsonArray("v1"),
            ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = url().Authority }),
        }));
        app.MapGet("/apis", () => Results.Json(new JsonObject
        {
            ["kind"] = "APIGroupList",
            ["apiVersion"] = "v1",
            ["groups"] = new JsonArray(new JsonObject
            {
                ["name"] = "apps",
                ["versions"] = new JsonArray(new JsonObject { ["groupVersion"] = "apps/v1", ["version"] = "v1" }),
                ["preferredVersion"] = new JsonObject { ["groupVersion"] = "apps/v1", ["version"] = "v1" },
            }),
        }));
        app.MapGet("/apis/apps", () => Results.Json(new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = "apps",
            ["versions"] = new JsonArray(new JsonObject { ["groupVersion"] = "apps/v1", ["version"] = "v1" }),
            ["preferredVersion"] = new JsonObject { ["groupVersion"] = "apps/v1", ["version"] = "v1" },
        }));
        app.MapGet("/api/v1", () => Results.Json(ResourceList("v1", new[]
        {
            Resource(ResourceType.Pods, "get", "list", "watch", "create", "update", "patch", "delete"),
            Sub("pods/exec", "PodExecOptions", "create", "get"),
            Sub("pods/log", "Pod", "get"),
            Sub("pods/status", "Pod", "get"),
        })));
        app.MapGet("/apis/apps/v1", () => Results.Json(ResourceList("apps/v1", new[]
        {
            Resource(ResourceType.Deployments, "get", "list", "watch", "create", "update", "patch", "delete"),
            Sub("deployments/scale", "Scale", "get", "patch", "update", group: "autoscaling"),
            Resource(ResourceType.ReplicaSets, "get", "list", "watch"),
        })));
        OpenApi.Map(app);
    }

    private static JsonObject ResourceList(string groupVersion, JsonObject[] resources) => new()
    {
        ["kind"] = "APIResourceList",
        ["apiVersion"] = "v1",
        ["groupVersion"] = groupVersion,
        ["resources"] = new JsonArray(resources.Select(r => (JsonNode)r).ToArray()),
    };

    private static JsonObject Resource(ResourceType type, params string[] verbs) => new()
    {
        ["name"] = type.Resource,
        ["singularName"] = type.Singular,
        ["namespaced"] = true,
        ["kind"] = type.Kind,
        ["verbs"] = verbs.ToJsonArray(),
        ["shortNames"] = type.ShortNames.ToJsonArray(),
        ["categories"] = new JsonArray("all"),
    };

    private static JsonObject Sub(string name, string kind, string verb1, string? verb2 = null, string? verb3 = null, string? group = null)
    {
        var resource = new JsonObject
        {
            ["name"] = name,
            ["singularName"] = string.Empty,
            ["namespaced"] = true,
            ["kind"] = kind,
            ["verbs"] = new[] { verb1, verb2, verb3 }.OfType<string>().ToJsonArray(),
        };
        if (group is not null)
        {
            resource["group"] = group;
            resource["version"] = "v1";
        }

        return resource;
    }
}
