using DevLoop.Core.Agent;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Core.Sync;
using DevLoop.Kubernetes.Target;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.Faults.Tests;

/// <summary>
/// Faults around a sync into a Deployment's pod running v1, on the API test server (pods are real
/// containers): the sync of v2 goes through a proxy in front of the API server, which holds the
/// payload half way while the fault happens, or the server takes rights or credentials away between
/// two syncs of one session (as during watch).
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class KubernetesFaultTests : IAsyncLifetime
{
    private const string Ns = "faults";
    private const string Token = "fault-token";
    private readonly FaultVersions _versions;
    private readonly TempDirectory _dir = new("devloop-k8s-faults");
    private readonly Dictionary<string, string> _firstPods = new();
    private KubeApiServer _server = null!;
    private int _deployments;

    public KubernetesFaultTests(FaultVersions versions)
    {
        _versions = versions;
    }

    public async Task InitializeAsync() => _server = await KubeApiServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(ExecEndpoint.V5)]
    [InlineData(ExecEndpoint.V4)]
    public Task The_exec_stream_cut_mid_transfer(string protocol) =>
        FaultRuns.RunAsync($"Kubernetes: the exec stream cut mid-transfer ({protocol})", (_, ct) => RunAsync(
            protocol, (proxy, _) => proxy.Arm(FaultVersions.BallastBytes / 2, FaultMoment.MidTransfer, FaultCut.ThisConnection), ErrorCodes.ExecStreamCut, ct));

    [Theory]
    [InlineData(ExecEndpoint.V5)]
    [InlineData(ExecEndpoint.V4)]
    public Task The_exec_stream_cut_once_the_payload_is_sent(string protocol) =>
        FaultRuns.RunAsync($"Kubernetes: the exec stream cut once the payload is sent, while the agent applies ({protocol})", (_, ct) => RunAsync(
            protocol, (proxy, _) => proxy.Arm(FaultVersions.BallastBytes, FaultMoment.AfterUpload, FaultCut.ThisConnection), ErrorCodes.ExecStreamCut, ct, eitherVersion: true));

    [Fact]
    public Task The_pod_deleted_mid_transfer() =>
        FaultRuns.RunAsync("Kubernetes: the pod deleted mid-transfer (its ReplicaSet makes a new one)", (_, ct) => RunAsync(
            ExecEndpoint.V5, (proxy, pod) => proxy.Arm(FaultVersions.BallastBytes / 2, FaultMoment.MidTransfer, FaultCut.None, () => _server.DeletePodAsync(Ns, pod, gracePeriodSeconds: 0)), ErrorCodes.TargetStoppedDuringSync, ct));

    [Fact]
    public Task RBAC_denied_between_two_syncs_of_a_session() =>
        FaultRuns.RunAsync("Kubernetes: RBAC takes every right away between two syncs of a session", (_, ct) => BetweenSyncsAsync(
            token: false, () => _server.Users.Forbid("dev"), () => _server.Users.Allow("dev"), ErrorCodes.ApiForbidden, ct));

    [Fact]
    public Task Credentials_revoked_between_two_syncs_of_a_session() =>
        FaultRuns.RunAsync("Kubernetes: the token revoked (401) between two syncs of a session", (_, ct) => BetweenSyncsAsync(
            token: true, () => _server.Users.RemoveToken(Token), () => _server.Users.AddToken(Token, "dev"), ErrorCodes.ApiUnauthorized, ct));

    /// <param name="eitherVersion">The fault may come after the agent has the whole payload: the message then says the old or the new version, and either is true.</param>
    private async Task<FaultOutcome> RunAsync(string protocol, Func<FaultProxy, string, Task> arm, string expected, CancellationToken cancellationToken, bool eitherVersion = false)
    {
        _server.ExecProtocols.Clear();
        _server.ExecProtocols.Add(protocol);
        var (workload, pod) = await DeployAsync(cancellationToken);
        await using var proxy = FaultProxy.ToTcp(_server.Url.Port);
        var fired = arm(proxy, pod);
        var kubeconfig = WriteKubeconfig(_server.Kubeconfig(), proxy.Port);

        string message;
        var synced = false;
        try
        {
            using var target = await KubernetesTarget.OpenAsync(Settings(kubeconfig, workload), "faults", NullLog.Instance, cancellationToken);
            await SyncAsync(target, null, _versions.V2, cancellationToken);
            synced = true;
            message = "synced";
        }
        catch (DevLoopException e)
        {
            message = $"{e.Code}: {e.Message}";
        }

        await fired.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        var (now, replaced) = await ReadyPodAsync(workload, cancellationToken);
        var found = await FoundAsync(now, userFile: !replaced);
        var messageTrue = !synced && message.StartsWith(expected + ":", StringComparison.Ordinal) && (eitherVersion || found.Version != 2);
        var next = await NextSyncAsync(workload, null, cancellationToken);
        _server.DeleteDeployment(Ns, workload["deployment/".Length..]);
        return new FaultOutcome(found, message, messageTrue, found.Lost, next);
    }

    /// <summary>One session syncs v2; the fault happens; the same session syncs v3: it may go through on the exec already open (the server checked it when it opened), or fail with the code, never a mix.</summary>
    private async Task<FaultOutcome> BetweenSyncsAsync(bool token, Action fault, Action undo, string expected, CancellationToken cancellationToken)
    {
        _server.ExecProtocols.Clear();
        _server.ExecProtocols.Add(ExecEndpoint.V5);
        var (workload, pod) = await DeployAsync(cancellationToken);
        _server.Users.AddToken(Token, "dev");
        var kubeconfig = WriteKubeconfig(token ? KubeconfigWriter.Write(_server, "kind-devloop-test", null, null, Token) : _server.Kubeconfig(), null);
        await using var pool = new AgentSessionPool(NullLog.Instance);
        using var target = await KubernetesTarget.OpenAsync(Settings(kubeconfig, workload), "faults", NullLog.Instance, cancellationToken);
        await SyncAsync(target, pool, _versions.V2, cancellationToken);

        fault();
        string message;
        bool? synced = null;
        try
        {
            await SyncAsync(target, pool, _versions.V3, cancellationToken);
            synced = true;
            message = "synced over the exec already open";
        }
        catch (DevLoopException e)
        {
            synced = false;
            message = $"{e.Code}: {e.Message}";
        }

        // The session's agent waits in the pod for the next sync; it ends with the session, then the files are read.
        await pool.DisposeAsync();
        var found = await FoundAsync(pod, userFile: true);
        var messageTrue = synced == true ? found.Version == 3 : message.StartsWith(expected + ":", StringComparison.Ordinal) && found.Version == 2;

        // The user syncs again (a new session) while the fault stays: the same coded error. Then rights come back.
        var stays = await NextSyncAsync(workload, kubeconfig, cancellationToken, expected);
        undo();
        var next = stays && await NextSyncAsync(workload, kubeconfig, cancellationToken);
        _server.DeleteDeployment(Ns, workload["deployment/".Length..]);
        return new FaultOutcome(found, message, messageTrue, found.Lost, next);
    }

    private async Task<(string Workload, string Pod)> DeployAsync(CancellationToken cancellationToken)
    {
        var name = "fault-" + Interlocked.Increment(ref _deployments);
        await _server.CreateDeploymentAsync(Ns, name, 1, _versions.Image, command: new[] { "dotnet", "/app/" + SampleApp.Assembly }, readinessPath: "/", cancellationToken: cancellationToken);
        var pod = (await _server.WaitForReadyPodsAsync(Ns, Selector(name), 1, cancellationToken: cancellationToken))[0]["metadata"]!["name"]!.GetValue<string>();
        var container = _server.DockerContainer(Ns, pod) ?? throw new InvalidOperationException($"pod {pod} has no container");
        await Testing.Docker.OkAsync("exec", "-u", "root", container, "sh", "-c", $"echo mine > /app/{VersionFound.UserFile}");
        _firstPods[name] = pod;
        return ("deployment/" + name, pod);
    }

    private static Dictionary<string, string> Selector(string name) => new() { ["app"] = name };

    /// <summary>The workload's ready pod now, and whether it is another than the one deployed (a pod deleted was replaced).</summary>
    private async Task<(string Pod, bool Replaced)> ReadyPodAsync(string workload, CancellationToken cancellationToken)
    {
        var name = workload["deployment/".Length..];
        var pods = await _server.WaitForReadyPodsAsync(Ns, Selector(name), 1, cancellationToken: cancellationToken);
        var ready = pods.Select(p => p["metadata"]!["name"]!.GetValue<string>()).ToList();
        var first = ready[0];
        return (first, !string.Equals(first, FirstPod(name), StringComparison.Ordinal));
    }

    private string FirstPod(string name) => _firstPods.TryGetValue(name, out var pod) ? pod : string.Empty;

    /// <summary>What the pod's container holds once its app answers (the container read then, as a restart may have replaced it).</summary>
    private async Task<VersionFound> FoundAsync(string pod, bool userFile)
    {
        if (_server.DockerContainer(Ns, pod) is { } running)
        {
            await VersionFound.AgentsDoneAsync(running);
        }

        var served = await Http.WaitForAsync($"http://127.0.0.1:{_server.PodPort(Ns, pod)}/", body => body is "v1" or "v2" or "v3", TimeSpan.FromSeconds(60));
        var container = _server.DockerContainer(Ns, pod) ?? throw new InvalidOperationException($"pod {pod} has no container");
        var found = await VersionFound.InContainerAsync(container, _versions.Differing, userFile);
        return found.Whole && found.Version is { } version && served != "v" + version
            ? new VersionFound("mixed", null, $"the files are v{version}, the app serves {served}")
            : found;
    }

    private async Task SyncAsync(KubernetesTarget target, AgentSessionPool? pool, string output, CancellationToken cancellationToken)
    {
        var targets = await target.ReadyTargetsAsync(cancellationToken);
        using var state = new TempDirectory("devloop-fault-state");
        await new SyncEngine(NullLog.Instance, pool).SyncAsync(new SyncRequest(output, targets, state.Path) { Group = target.Group }, cancellationToken);
    }

    /// <summary>The user syncs v2 again with a new target: it ends with v2 whole and served, or (while the fault stays) with the expected code.</summary>
    private async Task<bool> NextSyncAsync(string workload, string? kubeconfig, CancellationToken cancellationToken, string? expected = null)
    {
        kubeconfig ??= WriteKubeconfig(_server.Kubeconfig(), null);
        try
        {
            using var target = await KubernetesTarget.OpenAsync(Settings(kubeconfig, workload), "faults", NullLog.Instance, cancellationToken);
            await SyncAsync(target, null, _versions.V2, cancellationToken);
        }
        catch (DevLoopException e)
        {
            return expected is not null && e.Code == expected;
        }

        if (expected is not null)
        {
            return false;
        }

        var (pod, _) = await ReadyPodAsync(workload, cancellationToken);
        var found = await FoundAsync(pod, userFile: false);
        return found.Whole && found.Version == 2;
    }

    private string WriteKubeconfig(string text, int? proxyPort)
    {
        var path = _dir.Combine("kubeconfig-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(path, proxyPort is null ? text : text.Replace(_server.Url.ToString().TrimEnd('/'), "https://127.0.0.1:" + proxyPort, StringComparison.Ordinal));
        return path;
    }

    private static KubernetesSettings Settings(string kubeconfig, string workload) =>
        new(kubeconfig, null, Ns, null, workload, null, null, "/app", TimeSpan.FromSeconds(60));
}
