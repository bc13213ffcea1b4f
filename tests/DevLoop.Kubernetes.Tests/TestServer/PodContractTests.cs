using System.Net;
using System.Text.Json.Nodes;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.TestServer;

/// <summary>Pods over REST against the API test server, whose pods are real Docker containers.</summary>
[Collection(TestServerCollection.Name)]
public sealed class PodContractTests : IAsyncLifetime
{
    private readonly WebAppImage _web;
    private KubeApiServer _server = null!;
    private HttpClient _client = null!;

    public PodContractTests(WebAppImage web)
    {
        _web = web;
    }

    public async Task InitializeAsync()
    {
        _server = await KubeApiServer.StartAsync();
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        Assert.Empty(await ContainersOf(_server));
    }

    [Fact]
    public async Task A_created_pod_runs_its_image_on_its_own_port_and_is_ready_when_its_probe_passes()
    {
        var probe = new JsonObject
        {
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8080 }),
            ["readinessProbe"] = new JsonObject { ["httpGet"] = new JsonObject { ["path"] = "/", ["port"] = "http" }, ["periodSeconds"] = 1 },
        };
        var created = await _client.OkAsync(HttpMethod.Post, "api/v1/namespaces/shop/pods", Manifests.Pod(null, _web.Image, new[] { "dotnet", "SampleWeb.dll" }, probe, generateName: "web-"));

        var name = created.Str("metadata.name");
        Assert.Matches("^web-[a-z0-9]{5}$", name);
        Assert.NotEmpty(created.Str("metadata.uid"));
        Assert.NotEmpty(created.Str("metadata.creationTimestamp"));
        Assert.NotEmpty(created.Str("metadata.resourceVersion"));
        Assert.Equal("Pending", created.Str("status.phase"));

        var ready = await _server.WaitForPodAsync("shop", name, PodStore.IsReady, TimeSpan.FromSeconds(40));
        var port = _server.PodPort("shop", name);
        Assert.Equal(port.ToString(), ready["metadata"]!["annotations"]![PodStore.PortAnnotation]!.ToString());
        Assert.Equal(WebAppImage.Message, await Testing.Http.GetAsync($"http://127.0.0.1:{port}/"));

        var pod = await _client.OkAsync(HttpMethod.Get, $"api/v1/namespaces/shop/pods/{name}");
        Assert.Equal("Running", pod.Str("status.phase"));
        Assert.Equal("127.0.0.1", pod.Str("status.podIP"));
        var status = pod.Path("status.containerStatuses.0")!;
        Assert.Equal("app", status.Str("name"));
        Assert.Equal("true", status.Str("ready"));
        Assert.Equal("0", status.Str("restartCount"));
        Assert.NotEmpty(status.Str("state.running.startedAt"));
        Assert.Equal("docker://" + _server.DockerContainer("shop", name), status.Str("containerID"));
        var conditions = pod.Path("status.conditions")!.AsArray().ToDictionary(c => c.Str("type"), c => c.Str("status"));
        Assert.Equal("True", conditions["Ready"]);
        Assert.Equal("True", conditions["ContainersReady"]);
        Assert.Equal("True", conditions["PodScheduled"]);
        Assert.Equal("host true", await Testing.Docker.OkAsync("inspect", "-f", "{{.HostConfig.NetworkMode}} {{.State.Running}}", _server.DockerContainer("shop", name)!));
    }

    [Fact]
    public async Task A_watch_sees_a_bare_pod_added_modified_and_deleted_and_nothing_replaces_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var events = new List<(string Type, JsonObject Pod)>();
        var watch = Task.Run(async () =>
        {
            await foreach (var e in _client.WatchAsync("api/v1/namespaces/shop/pods?watch=true&labelSelector=app%3Dsolo&fieldSelector=metadata.name%3Dsolo", timeout.Token))
            {
                events.Add(e);
                if (e.Type == "DELETED")
                {
                    return;
                }
            }
        });
        await Task.Delay(300);
        await _client.OkAsync(HttpMethod.Post, "api/v1/namespaces/shop/pods", Manifests.Pod("solo", Testing.Docker.StockImage, Manifests.Idle));
        var running = await _server.WaitForPodAsync("shop", "solo", PodStore.IsReady);
        var container = _server.DockerContainer("shop", "solo")!;

        var deleted = await _client.OkAsync(HttpMethod.Delete, "api/v1/namespaces/shop/pods/solo", new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1", ["gracePeriodSeconds"] = 1 });
        Assert.Equal("Pod", deleted.Str("kind"));
        Assert.NotEmpty(deleted.Str("metadata.deletionTimestamp"));
        await watch.WaitAsync(timeout.Token);

        Assert.Equal("ADDED", events[0].Type);
        Assert.Equal("DELETED", events[^1].Type);
        Assert.All(events.Skip(1).SkipLast(1), e => Assert.Equal("MODIFIED", e.Type));
        Assert.Contains(events, e => e.Pod.Str("status.phase") == "Running");
        var terminating = events.First(e => e.Pod.Str("metadata.deletionTimestamp").Length > 0);
        Assert.Contains(terminating.Pod.Path("status.conditions")!.AsArray(), c => c.Str("type") == "Ready" && c.Str("status") == "False");
        var versions = events.Select(e => long.Parse(e.Pod.Str("metadata.resourceVersion"))).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
        Assert.Null(_server.Pods.Get("shop", "solo"));
        Assert.Empty(_server.Pods.List("shop"));
        Assert.NotEqual(0, (await Testing.Docker.RunAsync("inspect", container)).ExitCode);
        Assert.Equal(running.Str("metadata.uid"), events[^1].Pod.Str("metadata.uid"));
    }

    [Fact]
    public async Task A_container_that_exits_is_replaced_by_a_fresh_one_that_keeps_only_its_emptyDir_and_its_logs_stay_readable_as_previous()
    {
        var pod = Manifests.Pod("crashy", Testing.Docker.StockImage, Manifests.Idle, new JsonObject { ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "scratch", ["mountPath"] = "/scratch" }) });
        pod["spec"]!["volumes"] = new JsonArray(new JsonObject { ["name"] = "scratch", ["emptyDir"] = new JsonObject() });
        await _client.OkAsync(HttpMethod.Post, "api/v1/namespaces/shop/pods", pod);
        await _server.WaitForPodAsync("shop", "crashy", PodStore.IsReady);
        var (noPrevious, noPreviousStatus) = await _client.SendAsync(HttpMethod.Get, "api/v1/namespaces/shop/pods/crashy/log?previous=true");
        Assert.Equal(HttpStatusCode.BadRequest, noPrevious);
        Assert.Equal("previous terminated container \"app\" in pod \"crashy\" not found", noPreviousStatus.Str("message"));
        var first = _server.DockerContainer("shop", "crashy")!;
        await Testing.Docker.OkAsync("exec", first, "sh", "-c", "echo synced > /tmp/written-file; echo kept > /scratch/file");

        await Testing.Docker.OkAsync("kill", first);
        var restarted = await _server.WaitForPodAsync("shop", "crashy", p => p.Str("status.containerStatuses.0.restartCount") == "1" && PodStore.IsReady(p));

        var second = _server.DockerContainer("shop", "crashy")!;
        Assert.NotEqual(first, second);
        Assert.Equal("crashy", restarted.Str("metadata.name"));
        Assert.Equal("137", restarted.Str("status.containerStatuses.0.lastState.terminated.exitCode"));
        Assert.Equal("docker://" + first, restarted.Str("status.containerStatuses.0.lastState.terminated.containerID"));
        Assert.NotEqual(0, (await Testing.Docker.RunAsync("exec", second, "cat", "/tmp/written-file")).ExitCode);
        Assert.Equal("kept", await Testing.Docker.OkAsync("exec", second, "cat", "/scratch/file"));
        using var previous = await _client.GetAsync("api/v1/namespaces/shop/pods/crashy/log?previous=true");
        Assert.Equal("started\n", await previous.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_missing_image_is_never_pulled_and_the_pod_stays_pending()
    {
        await _client.OkAsync(HttpMethod.Post, "api/v1/namespaces/shop/pods", Manifests.Pod("ghost", "devloop-test/no-such-image:latest", Manifests.Idle));

        var pod = await _server.WaitForPodAsync("shop", "ghost", p => p.Str("status.containerStatuses.0.state.waiting.reason") == "ErrImageNeverPull");

        Assert.Equal("Pending", pod.Str("status.phase"));
        var (code, status) = await _client.SendAsync(HttpMethod.Get, "api/v1/namespaces/shop/pods/ghost/log");
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("container \"app\" in pod \"ghost\" is waiting to start: ErrImageNeverPull", status.Str("message"));
    }

    [Fact]
    public async Task Logs_stream_as_they_come_and_a_follow_ends_when_the_pod_is_deleted()
    {
        var counter = new[] { "sh", "-c", "i=0; while true; do echo line $i; i=$((i+1)); sleep 0.2; done" };
        await _client.OkAsync(HttpMethod.Post, "api/v1/namespaces/shop/pods", Manifests.Pod("chatty", Testing.Docker.StockImage, counter));
        await _server.WaitForPodAsync("shop", "chatty", p => p.Str("status.phase") == "Running");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var response = await _client.GetAsync("api/v1/namespaces/shop/pods/chatty/log?follow=true", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var lines = new List<string>();
        while (lines.Count < 8 && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            lines.Add(line);
        }

        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"line {i}"), lines);
        await _client.OkAsync(HttpMethod.Delete, "api/v1/namespaces/shop/pods/chatty");
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            Assert.StartsWith("line ", line);
        }
    }

    [Fact]
    public async Task Tail_and_timestamps_shape_the_log()
    {
        await _client.OkAsync(HttpMethod.Post, "api/v1/namespaces/shop/pods", Manifests.Pod("lines", Testing.Docker.StockImage, new[] { "sh", "-c", "echo one; echo two >&2; echo three; sleep 600" }));
        await _server.WaitForPodAsync("shop", "lines", p => p.Str("status.phase") == "Running");
        await Task.Delay(500);

        using var all = await _client.GetAsync("api/v1/namespaces/shop/pods/lines/log");
        Assert.Equal(new[] { "one", "three", "two" }, (await all.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        using var last = await _client.GetAsync("api/v1/namespaces/shop/pods/lines/log?tailLines=1&timestamps=true");
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z (two|three)\n$", await last.Content.ReadAsStringAsync());
    }

    private static async Task<string[]> ContainersOf(KubeApiServer server) =>
        (await Testing.Docker.OkAsync("ps", "-aq", "--filter", "label=test.devloop/server=" + server.Id)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
