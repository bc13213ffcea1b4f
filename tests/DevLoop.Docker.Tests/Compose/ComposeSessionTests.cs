using System.Collections.Concurrent;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Core.Sync;
using DevLoop.Docker.Compose;
using DevLoop.Testing;
using DevLoop.Targets.Providers;
using DevLoop.Targets.Settings;

namespace DevLoop.Docker.Tests.Compose;

/// <summary>
/// A Compose service as the docker target, against the real engine: containers made with Compose's labels
/// (as `docker compose up --scale web=N` makes them), found, synced, and followed when replaced or added.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ComposeSessionTests : IAsyncLifetime
{
    private readonly SampleBuilds _builds;
    private readonly TempDirectory _state = new("devloop-state");
    private readonly string _project = "devloop-test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<TestContainer> _containers = new();

    public ComposeSessionTests(SampleBuilds builds)
    {
        _builds = builds;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var container in _containers)
        {
            await container.DisposeAsync();
        }

        _state.Dispose();
    }

    private async Task<TestContainer> ReplicaAsync(string service, string output, string? project = null)
    {
        var container = await Testing.Docker.StartAppAsync(
            Testing.Docker.StockImage, output, SampleApp.Assembly, FreePort.Next(),
            "--label", $"{ComposeService.ProjectLabel}={project ?? _project}", "--label", $"{ComposeService.ServiceLabel}={service}");
        _containers.Add(container);
        return container;
    }

    private DevLoopSettings Settings(string service, string? project = null, string? container = null) => DevLoopSettings.From(new Dictionary<string, string?>
    {
        ["DevLoopTarget"] = "docker",
        ["DevLoopComposeService"] = service,
        ["DevLoopComposeProject"] = project ?? _project,
        ["DevLoopContainer"] = container,
        ["DevLoopStateDir"] = _state.Path,
        ["TargetDir"] = _builds.V2,
    });

    private Task<ITargetSession> OpenAsync(DevLoopSettings settings) =>
        TargetProviders.Get("docker").OpenAsync(settings, NullLog.Instance, CancellationToken.None);

    private Task<SyncResult> SyncAsync(string output, IReadOnlyList<SyncTarget> targets, TargetGroup? group) =>
        new SyncEngine(NullLog.Instance).SyncAsync(new SyncRequest(output, targets, _state.Path) { Group = group }, CancellationToken.None);

    [Fact]
    public async Task Every_replica_is_synced_and_a_replaced_or_added_container_is_brought_up_to_date_with_its_logs()
    {
        var web1 = await ReplicaAsync("web", _builds.V1);
        var web2 = await ReplicaAsync("web", _builds.V1);
        var other = await ReplicaAsync("api", _builds.V1);
        foreach (var container in new[] { web1, web2, other })
        {
            await Http.WaitForAsync(container.Url, b => b == "v1", TimeSpan.FromSeconds(30));
        }

        await using var session = await OpenAsync(Settings("web"));
        var targets = await session.ReadyTargetsAsync(CancellationToken.None);

        Assert.Equal(2, targets.Count);
        Assert.Equal("container", session.Group!.Unit);
        var result = await SyncAsync(_builds.V2, targets, session.Group);
        Assert.Equal(RestartOutcome.Restarted, result.Restart);
        Assert.Equal("v2", await Http.GetAsync(web1.Url));
        Assert.Equal("v2", await Http.GetAsync(web2.Url));
        Assert.Equal("v1", await Http.GetAsync(other.Url));

        var observer = new SyncingObserver(this);
        using var stop = new CancellationTokenSource();
        var following = session.FollowAsync(observer, stop.Token);

        // Compose replaces a container (docker compose up after a change) and scales up: both come from the image (v1).
        await Testing.Docker.OkAsync("rm", "-f", web1.Name);
        var web3 = await ReplicaAsync("web", _builds.V1);
        await Http.WaitForAsync(web3.Url, b => b == "v2", TimeSpan.FromSeconds(60));
        await WaitForAsync(() => observer.Lines.Any(l => l.Source == web3.Name && l.Line.Contains("Now listening", StringComparison.Ordinal)));

        Assert.Contains($"container '{web3.Name}'", observer.Offered);
        Assert.DoesNotContain(observer.Offered, o => o.Contains(other.Name, StringComparison.Ordinal));
        Assert.DoesNotContain(observer.Lines, l => l.Source == other.Name);
        Assert.Equal(2, (await session.ReadyTargetsAsync(CancellationToken.None)).Count);

        await stop.CancelAsync();
        await following;
    }

    [Fact]
    public async Task A_service_with_no_container_names_what_runs_and_a_stopped_one_says_to_start_it()
    {
        await ReplicaAsync("api", _builds.V1);

        var missing = await Assert.ThrowsAsync<DevLoopException>(() => OpenAsync(Settings("web")));

        Assert.Equal(ErrorCodes.ComposeServiceNotFound, missing.Code);
        Assert.Contains($"{_project}/api", missing.Message);
        Assert.Contains("DevLoopComposeProject", missing.Message);

        var stopped = await ReplicaAsync("web", _builds.V1);
        await Testing.Docker.OkAsync("stop", "-t", "1", stopped.Name);

        var notRunning = await Assert.ThrowsAsync<DevLoopException>(() => OpenAsync(Settings("web")));

        Assert.Equal(ErrorCodes.ContainerNotRunning, notRunning.Code);
        Assert.Contains(stopped.Name, notRunning.Message);
        Assert.Contains("docker compose up -d web", notRunning.Message);
    }

    [Fact]
    public async Task A_container_with_a_health_check_is_synced_once_healthy()
    {
        var container = await Testing.Docker.StartAppAsync(
            Testing.Docker.StockImage, _builds.V1, SampleApp.Assembly, FreePort.Next(),
            "--label", $"{ComposeService.ProjectLabel}={_project}", "--label", $"{ComposeService.ServiceLabel}=web",
            "--health-cmd", "[ -e /tmp/healthy ]", "--health-interval", "1s", "--health-start-period", "0s");
        _containers.Add(container);
        await using var session = await OpenAsync(Settings("web"));

        var waiting = session.ReadyTargetsAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(waiting.IsCompleted);
        await Testing.Docker.OkAsync("exec", container.Name, "sh", "-c", ": > /tmp/healthy");

        Assert.Single(await waiting.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition());
    }

    /// <summary>Brings each offered container up to date with v2, as watch does, and keeps what it was told.</summary>
    private sealed class SyncingObserver(ComposeSessionTests test) : ISessionObserver
    {
        public ConcurrentQueue<string> Offered { get; } = new();

        public ConcurrentQueue<(string Source, string Line)> Lines { get; } = new();

        public void AppOutput(string source, string line, bool isError) => Lines.Enqueue((source, line));

        public async Task<bool> TargetReadyAsync(string name, SyncTarget target, CancellationToken cancellationToken)
        {
            Offered.Enqueue(name);
            await test.SyncAsync(test._builds.V2, new[] { target }, null);
            return true;
        }
    }
}
