using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Api;
using DevLoop.Kubernetes.Http;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.Api;

/// <summary>The client's workload, patch, delete and logs calls against the API test server, whose pods are real containers.</summary>
public sealed class PodLifecycleContractTests : IAsyncLifetime
{
    private const string Ns = "shop";
    private readonly TempDirectory _dir = new("devloop-lifecycle");
    private KubeApiServer _server = null!;
    private KubeApiClient _client = null!;
    private string _pod = null!;

    public async Task InitializeAsync()
    {
        await Testing.Docker.EnsureReadyAsync();
        _server = await KubeApiServer.StartAsync();
        _client = new KubeApiClient(KubeHttpClientFactory.Create(TestContexts.CertificateUser(_server, _dir)));
        await _server.CreateDeploymentAsync(Ns, "orders", 1, Testing.Docker.StockImage, command: new[] { "sh", "-c", "echo started; i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done" });
        _pod = (await _server.WaitForReadyPodsAsync(Ns, new Dictionary<string, string> { ["app"] = "orders" }, 1))[0]["metadata"]!["name"]!.GetValue<string>();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_deployment_gives_its_selector_and_its_pods_name_their_ReplicaSet()
    {
        var deployment = await _client.GetWorkloadAsync("deploy", Ns, "orders", CancellationToken.None);
        Assert.Equal("deployment", deployment!.Kind);
        Assert.Equal("orders", deployment.Spec!.Selector!.MatchLabels!["app"]);
        Assert.Null(await _client.GetWorkloadAsync("deployment", Ns, "nope", CancellationToken.None));

        var pod = await _client.GetPodAsync(Ns, _pod, CancellationToken.None);
        var owner = Assert.Single(pod!.Metadata.OwnerReferences!);
        Assert.Equal("ReplicaSet", owner.Kind);
        Assert.True(owner.Controller);
        Assert.StartsWith("docker://", pod.ContainerStatusOf("app")!.ContainerID);
    }

    [Fact]
    public async Task Annotations_are_merged_and_removed_and_a_denied_patch_names_the_verb()
    {
        await _client.AnnotatePodAsync(Ns, _pod, new Dictionary<string, string?> { ["devloop.dev/a"] = "1", ["devloop.dev/b"] = "2" }, CancellationToken.None);
        var patched = await _client.AnnotatePodAsync(Ns, _pod, new Dictionary<string, string?> { ["devloop.dev/a"] = null, ["devloop.dev/c"] = "3" }, CancellationToken.None);

        Assert.False(patched.Metadata.Annotations!.ContainsKey("devloop.dev/a"));
        Assert.Equal("2", patched.Metadata.Annotations["devloop.dev/b"]);
        Assert.Equal("3", patched.Metadata.Annotations["devloop.dev/c"]);

        _server.Users.Deny("dev", "patch", "pods");
        var denied = await Assert.ThrowsAsync<DevLoopException>(() => _client.AnnotatePodAsync(Ns, _pod, new Dictionary<string, string?> { ["x"] = "y" }, CancellationToken.None));
        Assert.Equal(ErrorCodes.ApiForbidden, denied.Code);
        Assert.Contains("'patch' on 'pods'", denied.Message);
        Assert.Contains("cannot patch resource \"pods\"", denied.Message);
    }

    [Fact]
    public async Task Logs_follow_as_lines_are_written_and_end_when_the_pod_is_deleted_then_its_controller_replaces_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var lines = new List<string>();
        var deleted = false;
        await foreach (var line in _client.FollowLogsAsync(Ns, _pod, "app", tailLines: 2, sinceSeconds: null, timeout.Token))
        {
            lines.Add(line);
            if (lines.Count == 6 && !deleted)
            {
                deleted = true;
                Assert.True(await _client.DeletePodAsync(Ns, _pod, timeout.Token));
            }
        }

        Assert.True(lines.Count >= 6, string.Join('\n', lines));
        Assert.All(lines, l => Assert.Matches("^(started|tick [0-9]+)$", l));
        Assert.Equal(lines.Count, lines.Distinct().Count());
        Assert.False(await _client.DeletePodAsync(Ns, "never-existed", CancellationToken.None));

        var replacement = await _server.WaitForReadyPodsAsync(Ns, new Dictionary<string, string> { ["app"] = "orders" }, 1);
        Assert.NotEqual(_pod, replacement[0]["metadata"]!["name"]!.GetValue<string>());
    }
}
