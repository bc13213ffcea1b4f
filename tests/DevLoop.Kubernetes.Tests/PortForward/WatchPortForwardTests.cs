using System.Collections.Concurrent;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Kubernetes.Tests.TestServer;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Targets.Providers;
using DevLoop.Targets.Settings;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.PortForward;

/// <summary>DevLoopPortForward as watch runs it: the kubernetes session follows the pods and moves the forward to a ready one.</summary>
[Collection(TestServerCollection.Name)]
public sealed class WatchPortForwardTests : IAsyncLifetime
{
    private const string Ns = "dev";
    private readonly WebAppImage _image;
    private readonly TempDirectory _dir = new("devloop-watch-forward");
    private readonly RecordingLog _log = new();
    private KubeApiServer _server = null!;

    public WatchPortForwardTests(WebAppImage image)
    {
        _image = image;
    }

    public async Task InitializeAsync()
    {
        _server = await KubeApiServer.StartAsync();
        await _server.CreateDeploymentAsync(Ns, "web", 1, _image.Image, command: new[] { "dotnet", "SampleWeb.dll" }, readinessPath: "/");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private Task<ITargetSession> OpenAsync(string portForward) => TargetProviders.Get("kubernetes").OpenAsync(DevLoopSettings.From(new Dictionary<string, string?>
    {
        ["DevLoopTarget"] = "kubernetes",
        ["DevLoopKubeconfig"] = _server.WriteKubeconfig(_dir.Combine("kubeconfig.yaml")),
        ["DevLoopNamespace"] = Ns,
        ["DevLoopWorkload"] = "deployment/web",
        ["DevLoopPortForward"] = portForward,
        ["DevLoopStateDir"] = _dir.Combine("state"),
        ["TargetDir"] = _dir.Combine("out"),
    }), _log, CancellationToken.None);

    private async Task<string> PodAsync() =>
        (await _server.WaitForReadyPodsAsync(Ns, new Dictionary<string, string> { ["app"] = "web" }, 1))[0]["metadata"]!["name"]!.GetValue<string>();

    [Fact]
    public async Task The_forward_reaches_a_ready_pod_moves_to_its_replacement_and_says_what_cannot_be_forwarded()
    {
        var first = await PodAsync();
        var local = FreePort.Next();
        var undeclared = FreePort.Next();
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, FreePort.Next());
        taken.Start();
        var inUse = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        await using var session = await OpenAsync($"{local}:8080;{undeclared}:9090;{inUse}:8080");
        using var stop = new CancellationTokenSource();
        var following = session.FollowAsync(new NoCatchUp(), stop.Token);

        Assert.Equal(WebAppImage.Message, await Testing.Http.WaitForAsync($"http://127.0.0.1:{local}/", b => b == WebAppImage.Message, TimeSpan.FromSeconds(30)));
        await WaitForAsync(() => _log.Has(ErrorCodes.ContainerPortNotDeclared, "declares 8080"));
        Assert.True(_log.Has(ErrorCodes.LocalPortInUse, $"another program listens on {inUse}"));

        await _server.DeletePodAsync(Ns, first);
        var second = await _server.WaitForReadyPodsAsync(Ns, new Dictionary<string, string> { ["app"] = "web" }, 1, cancellationToken: CancellationToken.None);
        var replacement = second[0]["metadata"]!["name"]!.GetValue<string>();
        Assert.NotEqual(first, replacement);

        // The first pod's container is gone: an answer now comes from the replacement.
        Assert.Equal(WebAppImage.Message, await Testing.Http.WaitForAsync($"http://127.0.0.1:{local}/", b => b == WebAppImage.Message, TimeSpan.FromSeconds(30)));
        await WaitForAsync(() => _log.Infos.Any(i => i.Contains($"forwarding to pod '{replacement}' now", StringComparison.Ordinal)));

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => following);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Testing.Http.GetAsync($"http://127.0.0.1:{local}/"));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition());
    }

    private sealed class NoCatchUp : ISessionObserver
    {
        public void AppOutput(string source, string line, bool isError)
        {
        }

        public Task<bool> TargetReadyAsync(string name, SyncTarget target, CancellationToken cancellationToken) => Task.FromResult(true);
    }

    private sealed class RecordingLog : IDevLoopLog
    {
        private readonly ConcurrentQueue<string> _infos = new();
        private readonly ConcurrentQueue<(string Code, string Message)> _problems = new();

        public IEnumerable<string> Infos => _infos;

        public bool Has(string code, string text) => _problems.Any(p => p.Code == code && p.Message.Contains(text, StringComparison.Ordinal));

        public void Detail(string message)
        {
        }

        public void Info(string message) => _infos.Enqueue(message);

        public void Warning(string code, string message) => _problems.Enqueue((code, message));

        public void Error(string code, string message) => _problems.Enqueue((code, message));
    }
}
