using System.Text;
using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Api;
using DevLoop.Kubernetes.Config;
using DevLoop.Kubernetes.Exec;
using DevLoop.Kubernetes.Http;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.Exec;

/// <summary>Exec over WebSocket against the API test server, whose pod is a real Docker container.</summary>
public sealed class KubeExecContractTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("devloop-exec");
    private KubeApiServer _server = null!;
    private string _container = string.Empty;

    public async Task InitializeAsync()
    {
        await Testing.Docker.EnsureReadyAsync();
        _container = "devloop-kube-" + Guid.NewGuid().ToString("N")[..8];
        await Testing.Docker.OkAsync("run", "-d", "--name", _container, "--network", "host", Testing.Docker.StockImage, "sleep", "600");
        _server = await KubeApiServer.StartAsync();
        _server.Pods.Add("shop", "orders-1", new Dictionary<string, string> { ["app"] = "orders" }, dockerContainer: _container);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await Testing.Docker.RunAsync("rm", "-f", _container);
        _dir.Dispose();
    }

    private KubeExecClient Client()
    {
        var context = TestContexts.CertificateUser(_server, _dir);
        return new KubeExecClient(KubeHttpClientFactory.CreateHandler(context), KubeHttpClientFactory.BaseAddress(context));
    }

    [Fact]
    public async Task V5_streams_stdin_and_signals_its_end()
    {
        var client = Client();
        var input = new string('x', 300_000) + "end";

        var result = await client.RunAsync("shop", "orders-1", "app", new[] { "cat" }, new MemoryStream(Encoding.UTF8.GetBytes(input)), CancellationToken.None);

        Assert.Equal(KubeExecClient.V5, client.NegotiatedProtocol);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(input, result.Stdout);
    }

    [Fact]
    public async Task On_v4_the_input_must_bound_itself_and_the_status_still_arrives()
    {
        _server.ExecProtocols.Remove(ExecEndpoint.V5);
        var client = Client();
        var input = new string('y', 100_000);

        var result = await client.RunAsync("shop", "orders-1", "app", new[] { "head", "-c", input.Length.ToString() }, new MemoryStream(Encoding.UTF8.GetBytes(input)), CancellationToken.None);

        Assert.Equal(KubeExecClient.V4, client.NegotiatedProtocol);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(input, result.Stdout);
    }

    [Fact]
    public async Task Exit_codes_and_stderr_come_back_and_a_missing_program_looks_like_127()
    {
        var client = Client();

        var failing = await client.RunAsync("shop", "orders-1", "app", new[] { "sh", "-c", "echo out; echo err >&2; exit 3" }, null, CancellationToken.None);
        Assert.Equal(3, failing.ExitCode);
        Assert.Equal("out\n", failing.Stdout);
        Assert.Equal("err\n", failing.Stderr);

        var missing = await client.RunAsync("shop", "orders-1", "app", new[] { "no-such-program" }, null, CancellationToken.None);
        Assert.Equal(127, missing.ExitCode);
        Assert.Contains("executable file not found", missing.Stderr);
    }

    [Fact]
    public async Task Handshake_failures_are_coded_errors()
    {
        var missingPod = await Assert.ThrowsAsync<DevLoopException>(() => Client().RunAsync("shop", "nope", "app", new[] { "true" }, null, CancellationToken.None));
        Assert.Equal(ErrorCodes.ApiRejected, missingPod.Code);

        _server.ExecProtocols.Clear();
        var noProtocol = await Assert.ThrowsAsync<DevLoopException>(() => Client().RunAsync("shop", "orders-1", "app", new[] { "true" }, null, CancellationToken.None));
        Assert.Equal(ErrorCodes.ApiForbidden, noProtocol.Code);
        Assert.Contains(KubeExecClient.V4, noProtocol.Message);
    }

    [Fact]
    public async Task A_container_that_is_not_running_refuses_the_upgrade_as_a_node_does()
    {
        await Testing.Docker.OkAsync("stop", "-t", "0", _container);

        var stopped = await Assert.ThrowsAsync<DevLoopException>(() => Client().RunAsync("shop", "orders-1", "app", new[] { "true" }, null, CancellationToken.None));

        Assert.Equal(ErrorCodes.ApiRejected, stopped.Code);
        Assert.Contains("container is not running", stopped.Message);
    }
}
