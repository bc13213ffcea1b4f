using System.Net;
using System.Text.Json.Nodes;
using DevLoop.Kubernetes.TestServer;

namespace DevLoop.Kubernetes.Tests.TestServer;

/// <summary>What needs no container: patches, selectors, RBAC messages, discovery and Status errors.</summary>
public sealed class ApiBehaviourTests : IAsyncLifetime
{
    private KubeApiServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await KubeApiServer.StartAsync();
        _client = _server.CreateClient();
        _server.Pods.Add("shop", "web-1", new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" });
        _server.Pods.Add("shop", "web-2", new Dictionary<string, string> { ["app"] = "web" });
        _server.Pods.Add("shop", "db-1", new Dictionary<string, string> { ["app"] = "db" });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("True", true)]
    [InlineData("", true)]
    [InlineData("0", false)]
    [InlineData("FALSE", false)]
    public async Task A_boolean_parameter_is_read_as_the_API_server_reads_it_anything_but_0_or_false_is_true(string value, bool watches)
    {
        // KubernetesClient sends watch=1 and stdin=1; kubectl sends "true". Only absent, "0" or "false" mean false.
        var body = await _client.GetStringAsync($"api/v1/namespaces/shop/pods?watch={value}&timeoutSeconds=1");

        if (watches)
        {
            Assert.Equal(3, body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => JsonNode.Parse(l)!["type"]!.ToString() == "ADDED"));
        }
        else
        {
            Assert.Equal("PodList", JsonNode.Parse(body)!["kind"]!.ToString());
        }
    }

    [Fact]
    public async Task Annotations_patch_by_merge_strategic_merge_and_json_patch()
    {
        var path = "api/v1/namespaces/shop/pods/web-1";
        var before = await _client.OkAsync(HttpMethod.Get, path);

        var merged = await _client.OkAsync(HttpMethod.Patch, path, JsonNode.Parse("""{"metadata":{"annotations":{"devloop.dev/dirty":"true","devloop.dev/commit":"abc"}}}"""), "application/merge-patch+json");
        var strategic = await _client.OkAsync(HttpMethod.Patch, path, JsonNode.Parse("""{"metadata":{"annotations":{"devloop.dev/commit":null}}}"""), "application/strategic-merge-patch+json");
        var json = await _client.OkAsync(HttpMethod.Patch, path, JsonNode.Parse("""[{"op":"add","path":"/metadata/annotations/devloop.dev~1when","value":"now"},{"op":"replace","path":"/metadata/annotations/devloop.dev~1dirty","value":"false"}]"""), "application/json-patch+json");

        Assert.Equal("abc", merged["metadata"]!["annotations"]!["devloop.dev/commit"]!.ToString());
        Assert.Null(strategic["metadata"]!["annotations"]!["devloop.dev/commit"]);
        Assert.Equal("true", strategic["metadata"]!["annotations"]!["devloop.dev/dirty"]!.ToString());
        Assert.Equal(new Dictionary<string, string> { ["devloop.dev/dirty"] = "false", ["devloop.dev/when"] = "now" }, json["metadata"]!["annotations"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.ToString()));
        var versions = new[] { before, merged, strategic, json }.Select(o => long.Parse(o.Str("metadata.resourceVersion"))).ToList();
        Assert.Equal(versions.Order().Distinct(), versions);
        Assert.Equal(json.ToJsonString(), (await _client.OkAsync(HttpMethod.Get, path)).ToJsonString());
        Assert.Equal(before.Str("metadata.uid"), json.Str("metadata.uid"));
    }

    [Fact]
    public async Task Patches_are_refused_as_a_real_server_refuses_them()
    {
        var path = "api/v1/namespaces/shop/pods/web-1";

        var (unsupported, status415) = await _client.SendAsync(HttpMethod.Patch, path, new JsonObject(), "application/json");
        var (spec, status422) = await _client.SendAsync(HttpMethod.Patch, path, JsonNode.Parse("""{"spec":{"restartPolicy":"Never"}}"""), "application/merge-patch+json");
        var (stale, status409) = await _client.SendAsync(HttpMethod.Patch, path, JsonNode.Parse("""{"metadata":{"resourceVersion":"1","labels":{"x":"y"}}}"""), "application/merge-patch+json");
        var (missing, status404) = await _client.SendAsync(HttpMethod.Patch, "api/v1/namespaces/shop/pods/nope", new JsonObject(), "application/merge-patch+json");

        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType"), (unsupported, status415.Str("reason")));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "Invalid"), (spec, status422.Str("reason")));
        Assert.StartsWith("Pod \"web-1\" is invalid: spec: Forbidden: pod updates may not change fields", status422.Str("message"));
        Assert.Equal((HttpStatusCode.Conflict, "Conflict"), (stale, status409.Str("reason")));
        Assert.Equal((HttpStatusCode.NotFound, "pods \"nope\" not found", "Status", "Failure"), (missing, status404.Str("message"), status404.Str("kind"), status404.Str("status")));
    }

    [Theory]
    [InlineData("labelSelector=app%3Dweb", "web-1 web-2")]
    [InlineData("labelSelector=app%3D%3Dweb,tier!%3Dfront", "web-2")]
    [InlineData("labelSelector=app%20in%20(web,db),!tier", "db-1 web-2")]
    [InlineData("labelSelector=app%20notin%20(web)", "db-1")]
    [InlineData("labelSelector=tier", "web-1")]
    [InlineData("fieldSelector=metadata.name%3Dweb-2", "web-2")]
    [InlineData("fieldSelector=metadata.name!%3Dweb-2,metadata.namespace%3Dshop", "db-1 web-1")]
    public async Task Lists_filter_by_label_and_field_selectors(string query, string expected)
    {
        var list = await _client.OkAsync(HttpMethod.Get, "api/v1/namespaces/shop/pods?" + query);

        Assert.Equal("PodList", list.Str("kind"));
        Assert.Equal(expected, string.Join(' ', list["items"]!.AsArray().Select(p => p.Str("metadata.name"))));
    }

    [Fact]
    public async Task An_unsupported_field_selector_is_a_400()
    {
        var (code, status) = await _client.SendAsync(HttpMethod.Get, "api/v1/namespaces/shop/pods?fieldSelector=spec.containers%3Dx");

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("field label not supported: spec.containers", status.Str("message"));
    }

    [Fact]
    public async Task A_denied_verb_is_a_403_in_the_real_format_and_other_verbs_still_work()
    {
        _server.Users.Deny("dev", "patch", "pods");
        _server.Users.Deny("dev", "create", "pods/exec");
        _server.Users.Deny("dev", "get", "pods/log");
        _server.Users.Deny("dev", "get", "deployments");
        _server.Users.Deny("dev", "list", "deployments");

        var messages = new List<string>();
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Patch, "api/v1/namespaces/shop/pods/web-1"),
            (HttpMethod.Get, "api/v1/namespaces/shop/pods/web-1/exec?command=true"),
            (HttpMethod.Get, "api/v1/namespaces/shop/pods/web-1/log"),
            (HttpMethod.Get, "apis/apps/v1/namespaces/shop/deployments/web"),
            (HttpMethod.Get, "apis/apps/v1/namespaces/shop/deployments"),
        })
        {
            var (code, status) = await _client.SendAsync(method, path, method == HttpMethod.Patch ? new JsonObject() : null, "application/merge-patch+json");
            Assert.Equal((HttpStatusCode.Forbidden, "Forbidden", 403), (code, status.Str("reason"), (int)status["code"]!));
            messages.Add(status.Str("message"));
        }

        Assert.Equal(
            new[]
            {
                "pods \"web-1\" is forbidden: User \"dev\" cannot patch resource \"pods\" in API group \"\" in the namespace \"shop\"",
                "pods \"web-1\" is forbidden: User \"dev\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"shop\"",
                "pods \"web-1\" is forbidden: User \"dev\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"shop\"",
                "deployments.apps \"web\" is forbidden: User \"dev\" cannot get resource \"deployments\" in API group \"apps\" in the namespace \"shop\"",
                "deployments.apps is forbidden: User \"dev\" cannot list resource \"deployments\" in API group \"apps\" in the namespace \"shop\"",
            },
            messages);
        Assert.Equal("web-1", (await _client.OkAsync(HttpMethod.Get, "api/v1/namespaces/shop/pods/web-1")).Str("metadata.name"));
        using var other = _server.CreateClient("ops");
        await other.OkAsync(HttpMethod.Patch, "api/v1/namespaces/shop/pods/web-1", new JsonObject(), "application/merge-patch+json");
    }

    [Fact]
    public async Task Discovery_names_the_resources_kubectl_needs()
    {
        Assert.StartsWith("v1.32.", (await _client.OkAsync(HttpMethod.Get, "version")).Str("gitVersion"));
        Assert.Equal("v1", (await _client.OkAsync(HttpMethod.Get, "api")).Str("versions.0"));
        Assert.Equal("apps/v1", (await _client.OkAsync(HttpMethod.Get, "apis")).Str("groups.0.preferredVersion.groupVersion"));
        var core = (await _client.OkAsync(HttpMethod.Get, "api/v1"))["resources"]!.AsArray();
        var apps = (await _client.OkAsync(HttpMethod.Get, "apis/apps/v1"))["resources"]!.AsArray();

        Assert.Equal(new[] { "pods", "pods/exec", "pods/log", "pods/status" }, core.Select(r => r.Str("name")));
        Assert.Equal("po", core[0].Str("shortNames.0"));
        Assert.Contains("watch", core[0]!["verbs"]!.AsArray().Select(v => v!.ToString()));
        Assert.Equal(new[] { "deploy", "rs" }, apps.Where(r => r.Str("shortNames.0").Length > 0).Select(r => r.Str("shortNames.0")));
    }

    [Fact]
    public async Task Kubectl_get_receives_a_server_side_table()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/namespaces/shop/pods?labelSelector=app%3Dweb");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json");
        using var response = await _client.SendAsync(request);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(("Table", "meta.k8s.io/v1"), (table.Str("kind"), table.Str("apiVersion")));
        Assert.Equal(new[] { "Name", "Ready", "Status", "Restarts", "Age" }, table["columnDefinitions"]!.AsArray().Where(c => c.Str("priority") == "0").Select(c => c.Str("name")));
        Assert.Equal(new[] { "web-1", "1/1", "Running", "0" }, table["rows"]![0]!["cells"]!.AsArray().Take(4).Select(c => c!.ToString()));
    }
}
