using System.Text.Json.Nodes;
using DevLoop.Kubernetes.TestServer;

namespace DevLoop.Kubernetes.Tests.TestServer;

/// <summary>Deployments over REST: the controller keeps the replicas as real containers and replaces deleted pods at once.</summary>
[Collection(TestServerCollection.Name)]
public sealed class DeploymentContractTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web" };

    private KubeApiServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await Testing.Docker.EnsureReadyAsync();
        _server = await KubeApiServer.StartAsync();
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        Assert.Equal(string.Empty, await Testing.Docker.OkAsync("ps", "-aq", "--filter", "label=test.devloop/server=" + _server.Id));
    }

    [Fact]
    public async Task Pods_are_named_and_owned_like_a_real_controllers_and_a_deleted_one_is_replaced_at_once()
    {
        var deployment = await _client.OkAsync(HttpMethod.Post, "apis/apps/v1/namespaces/shop/deployments", Manifests.Deployment("web", 2, Testing.Docker.StockImage, Manifests.Idle));
        Assert.Equal("1", deployment.Str("metadata.generation"));
        var pods = await _server.WaitForReadyPodsAsync("shop", Web, 2);

        var hash = pods[0].Str("metadata.labels.pod-template-hash");
        Assert.All(pods, p => Assert.Matches($"^web-{hash}-[a-z0-9]{{5}}$", p.Str("metadata.name")));
        var owner = pods[0].Path("metadata.ownerReferences.0")!;
        Assert.Equal(("apps/v1", "ReplicaSet", $"web-{hash}", "true"), (owner.Str("apiVersion"), owner.Str("kind"), owner.Str("name"), owner.Str("controller")));
        var replicaSet = await _client.OkAsync(HttpMethod.Get, $"apis/apps/v1/namespaces/shop/replicasets/web-{hash}");
        Assert.Equal(owner.Str("uid"), replicaSet.Str("metadata.uid"));
        Assert.Equal(deployment.Str("metadata.uid"), replicaSet.Str("metadata.ownerReferences.0.uid"));
        Assert.Equal("Deployment", replicaSet.Str("metadata.ownerReferences.0.kind"));

        var victim = pods[0].Str("metadata.name");
        await _client.OkAsync(HttpMethod.Delete, $"api/v1/namespaces/shop/pods/{victim}");
        // The replacement comes while the deleted pod is still terminating, as with a real ReplicaSet.
        await _server.WaitUntilAsync(
            () => _server.Pods.Get("shop", victim) is { } old && old.Str("metadata.deletionTimestamp").Length > 0
                && _server.Pods.List("shop").Count(p => p.Str("metadata.deletionTimestamp").Length == 0) == 2,
            "a replacement pod while the deleted one terminates");
        var after = await _server.WaitForReadyPodsAsync("shop", Web, 2);
        Assert.DoesNotContain(after, p => p.Str("metadata.name") == victim);

        // The status follows the pods, as a real controller's does: soon after, not at the same instant.
        await _server.WaitUntilAsync(() => _server.Deployments.Get("shop", "web")?.Str("status.readyReplicas") == "2", "the deployment's status counting both ready pods");
        var status = (await _client.OkAsync(HttpMethod.Get, "apis/apps/v1/namespaces/shop/deployments/web"))["status"];
        Assert.Equal(("2", "2", "2", "1"), (status.Str("replicas"), status.Str("readyReplicas"), status.Str("availableReplicas"), status.Str("observedGeneration")));
    }

    [Fact]
    public async Task Scaling_adds_and_removes_pods_and_deleting_the_deployment_takes_its_pods()
    {
        await _server.CreateDeploymentAsync("shop", "web", 1, Testing.Docker.StockImage, Manifests.Idle);

        var scaled = await _client.OkAsync(HttpMethod.Patch, "apis/apps/v1/namespaces/shop/deployments/web", new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 3 } }, "application/merge-patch+json");
        Assert.Equal("2", scaled.Str("metadata.generation"));
        await _server.WaitForReadyPodsAsync("shop", Web, 3);

        var scale = await _client.OkAsync(HttpMethod.Patch, "apis/apps/v1/namespaces/shop/deployments/web/scale", new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 1 } }, "application/merge-patch+json");
        Assert.Equal(("Scale", "1"), (scale.Str("kind"), scale.Str("spec.replicas")));
        await _server.WaitUntilAsync(() => _server.Pods.List("shop").Count == 1, "two pods to be removed");

        var deleted = await _client.OkAsync(HttpMethod.Delete, "apis/apps/v1/namespaces/shop/deployments/web");
        Assert.Equal("Deployment", deleted.Str("kind"));
        var (code, _) = await _client.SendAsync(HttpMethod.Get, "apis/apps/v1/namespaces/shop/deployments/web");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, code);
        await _server.WaitUntilAsync(() => _server.Pods.List("shop").Count == 0 && _server.ReplicaSets.List("shop").Count == 0, "the deployment's pods and ReplicaSet to go");
    }
}
