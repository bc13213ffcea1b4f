using System.Text.Json.Nodes;
using DevLoop.Core.Agent;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Core.Sync;
using DevLoop.Kubernetes.Target;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.Target;

/// <summary>The kubernetes target with the engine, against the API test server and a real app in its pods.</summary>
public sealed class KubernetesTargetIntegrationTests : IAsyncLifetime
{
    private const string Ns = "dev";
    private readonly TempDirectory _dir = new("devloop-k8s-target");
    private readonly RecordingLog _log = new();
    private KubeApiServer _server = null!;
    private string _kubeconfig = null!;
    private string[] _outputs = null!;
    private string _image = null!;

    public async Task InitializeAsync()
    {
        await Testing.Docker.EnsureReadyAsync();
        _outputs = new[] { await SampleApp.BuildAsync(_dir.Combine("a"), "v1"), await SampleApp.BuildAsync(_dir.Combine("a"), "v2") };
        _image = await Testing.Docker.BakeImageAsync(Testing.Docker.StockImage, _outputs[0]);
        _server = await KubeApiServer.StartAsync();
        _kubeconfig = _server.WriteKubeconfig(_dir.Combine("kubeconfig.yaml"));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await Testing.Docker.RunAsync("rmi", "-f", _image);
        _dir.Dispose();
    }

    private KubernetesSettings Settings(string workload, TimeSpan? readyTimeout = null) =>
        new(_kubeconfig, null, Ns, null, workload, null, null, "/app", readyTimeout ?? TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Over_v4_where_stdin_cannot_be_closed_the_apply_still_completes_and_the_app_restarts_in_place()
    {
        _server.ExecProtocols.Remove(ExecEndpoint.V5);
        await _server.CreateDeploymentAsync(Ns, "web", 1, _image, command: new[] { "dotnet", "/app/" + SampleApp.Assembly }, readinessPath: "/");
        var pod = (await _server.WaitForReadyPodsAsync(Ns, new Dictionary<string, string> { ["app"] = "web" }, 1))[0]["metadata"]!["name"]!.GetValue<string>();
        var url = $"http://127.0.0.1:{_server.PodPort(Ns, pod)}/";
        var container = _server.DockerContainer(Ns, pod);

        using var target = await KubernetesTarget.OpenAsync(Settings("deployment/web"), "abc", _log, CancellationToken.None);
        var targets = await target.ReadyTargetsAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await new SyncEngine(_log).SyncAsync(new SyncRequest(_outputs[1], targets, _dir.Combine("state")) { Group = target.Group }, timeout.Token);

        Assert.Equal(RestartOutcome.Restarted, result.Restart);
        Assert.Equal(ExecEndpoint.V4, target.Connection.Exec.NegotiatedProtocol);
        await Testing.Http.WaitForAsync(url, b => b == "v2", TimeSpan.FromSeconds(30));
        Assert.Equal(container, _server.DockerContainer(Ns, pod));
    }

    [Theory]
    [InlineData(ExecEndpoint.V5)]
    [InlineData(ExecEndpoint.V4)]
    public async Task An_agent_session_serves_every_sync_over_one_exec_and_ends_with_bye(string protocol)
    {
        _server.ExecProtocols.Clear();
        _server.ExecProtocols.Add(protocol);
        var name = "session-" + protocol[..2];
        await _server.CreateDeploymentAsync(Ns, name, 1, _image, command: new[] { "dotnet", "/app/" + SampleApp.Assembly }, readinessPath: "/");
        var pod = (await _server.WaitForReadyPodsAsync(Ns, new Dictionary<string, string> { ["app"] = name }, 1))[0]["metadata"]!["name"]!.GetValue<string>();
        var url = $"http://127.0.0.1:{_server.PodPort(Ns, pod)}/";
        var container = _server.DockerContainer(Ns, pod) ?? throw new InvalidOperationException($"pod {pod} has no container");
        using var target = await KubernetesTarget.OpenAsync(Settings("deployment/" + name), "abc", _log, CancellationToken.None);
        var pool = new AgentSessionPool(_log);
        var duplexStarts = 0;

        foreach (var (output, expected) in new[] { (_outputs[1], "v2"), (_outputs[0], "v1"), (_outputs[1], "v2") })
        {
            var targets = (await target.ReadyTargetsAsync(CancellationToken.None)).Select(t => t with { Channel = new CountingPodChannel((PodChannel)t.Channel, () => duplexStarts++) }).ToList();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var result = await new SyncEngine(_log, pool).SyncAsync(new SyncRequest(output, targets, _dir.Combine("state-" + name)) { Group = target.Group }, timeout.Token);

            Assert.Equal(RestartOutcome.Restarted, result.Restart);
            Assert.Equal(expected, await Testing.Http.GetAsync(url));
            Assert.True(pool.HoldsSession(targets[0]));
        }

        Assert.Equal(protocol, target.Connection.Exec.NegotiatedProtocol);
        Assert.Equal(1, duplexStarts);
        Assert.Equal(1, await AgentSessionProcessesAsync(container));

        await pool.DisposeAsync();
        for (var i = 0; i < 100 && await AgentSessionProcessesAsync(container) > 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, await AgentSessionProcessesAsync(container));
    }

    private static async Task<int> AgentSessionProcessesAsync(string container) =>
        (await Testing.Docker.OkAsync("top", container, "-eo", "pid,args")).Split('\n').Count(l => l.Contains("DevLoop.Agent.dll session", StringComparison.Ordinal));

    [Fact]
    public async Task A_pod_that_never_becomes_ready_is_waited_for_with_progress_then_DL1112_names_its_state()
    {
        await _server.CreateDeploymentAsync(Ns, "stuck", 1, _image, command: new[] { "dotnet", "/app/" + SampleApp.Assembly }, readinessPath: "/never-ready");
        using var target = await KubernetesTarget.OpenAsync(Settings("deployment/stuck", TimeSpan.FromSeconds(3)), null, _log, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DevLoopException>(() => target.ReadyTargetsAsync(CancellationToken.None));

        Assert.Equal(ErrorCodes.PodsNotReady, error.Code);
        Assert.Contains("within 3 s", error.Message);
        Assert.Contains("stuck-", error.Message);
        Assert.Contains(_log.Infos, l => l.Contains("waiting for a ready pod of deployment/stuck", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_workload_Argo_CD_manages_gets_a_warning_that_says_what_syncing_means()
    {
        var manifest = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject
            {
                ["name"] = "orders",
                ["namespace"] = Ns,
                ["annotations"] = new JsonObject { ["argocd.argoproj.io/tracking-id"] = "orders-dev:apps/Deployment:dev/orders" },
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 1,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "orders" } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "orders" } },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = _image, ["command"] = new JsonArray("sleep", "600") }) },
                },
            },
        };
        await _server.CreateDeploymentAsync(manifest);
        await _server.WaitForReadyPodsAsync(Ns, new Dictionary<string, string> { ["app"] = "orders" }, 1);

        // With a selector, the workload is found through the pod's owners (ReplicaSet, then Deployment).
        var settings = Settings("deployment/orders") with { Workload = null, Selector = "app=orders" };
        using var target = await KubernetesTarget.OpenAsync(settings, null, _log, CancellationToken.None);
        await target.ReadyTargetsAsync(CancellationToken.None);

        var warning = Assert.Single(_log.Warnings);
        Assert.Equal(ErrorCodes.ManagedByGitOps, warning.Code);
        Assert.Contains("deployment/orders is managed by Argo CD (orders-dev)", warning.Message);

        // status names the owner on every pod's row, beside what the pod's agent says it runs.
        var row = Assert.Single(await new Targets.Kubernetes.KubernetesStatus(target, _log).ReadAsync(CancellationToken.None));
        Assert.Equal("Argo CD (orders-dev)", row.GitOps);
        Assert.StartsWith("pod/orders-", row.Target);
        Assert.True(row.Ready);
        Assert.False(row.DiffersFromImage);
    }

    /// <summary>A pod channel that counts the execs it keeps open.</summary>
    private sealed class CountingPodChannel : ITargetChannel, IDuplexExecChannel
    {
        private readonly PodChannel _inner;
        private readonly Action _started;

        public CountingPodChannel(PodChannel inner, Action started)
        {
            _inner = inner;
            _started = started;
        }

        public string DisplayName => _inner.DisplayName;

        public string Identity => _inner.Identity;

        public Task<ExecResult> ExecAsync(IReadOnlyList<string> argv, Stream? stdin, CancellationToken cancellationToken) => _inner.ExecAsync(argv, stdin, cancellationToken);

        public Task<bool> DirectoryExistsAsync(string path, CancellationToken cancellationToken) => _inner.DirectoryExistsAsync(path, cancellationToken);

        public Task<IDuplexExec> StartDuplexAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
        {
            _started();
            return _inner.StartDuplexAsync(argv, cancellationToken);
        }
    }

    private sealed class RecordingLog : IDevLoopLog
    {
        public List<string> Infos { get; } = new();

        public List<(string Code, string Message)> Warnings { get; } = new();

        public void Detail(string message)
        {
        }

        public void Info(string message)
        {
            lock (Infos)
            {
                Infos.Add(message);
            }
        }

        public void Warning(string code, string message)
        {
            lock (Warnings)
            {
                Warnings.Add((code, message));
            }
        }

        public void Error(string code, string message) => Warning(code, message);
    }
}
