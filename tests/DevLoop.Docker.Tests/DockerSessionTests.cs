using DevLoop.Core.Agent;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Core.Sync;
using DevLoop.Testing;

namespace DevLoop.Docker.Tests;

/// <summary>The agent session over the Docker engine's hijacked exec, and what the target is asked on every sync.</summary>
[Collection(DockerCollection.Name)]
public sealed class DockerSessionTests : IAsyncLifetime
{
    private readonly SampleBuilds _builds;
    private readonly TempDirectory _state = new("devloop-state");
    private readonly DockerApiClient _client = DockerApiClient.FromEnvironment();
    private readonly AgentSessionPool _pool = new(NullLog.Instance);

    public DockerSessionTests(SampleBuilds builds)
    {
        _builds = builds;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _pool.DisposeAsync();
        _client.Dispose();
        _state.Dispose();
    }

    private async Task<SyncTarget> TargetAsync(string container, Func<DockerChannel, ITargetChannel>? wrap = null)
    {
        var inspect = await DockerContainerResolver.ResolveRunningAsync(_client, container, CancellationToken.None);
        var channel = new DockerChannel(_client, inspect);
        return SyncTarget.WithAgentInAppDir(wrap?.Invoke(channel) ?? channel, "/app");
    }

    private Task<SyncResult> SyncAsync(SyncTarget target, string output, AgentSessionPool? pool) =>
        new SyncEngine(NullLog.Instance, pool).SyncAsync(new SyncRequest(output, target, _state.Path), CancellationToken.None);

    private static async Task<int> AgentSessionProcessesAsync(TestContainer container) =>
        (await Testing.Docker.OkAsync("top", container.Name, "-eo", "pid,args")).Split('\n').Count(l => l.Contains("DevLoop.Agent.dll session", StringComparison.Ordinal));

    [Fact]
    public async Task A_session_serves_several_applies_over_one_exec()
    {
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, _builds.V1, SampleApp.Assembly, FreePort.Next());
        await Http.WaitForAsync(container.Url, body => body == "v1", TimeSpan.FromSeconds(30));
        CountingChannel counting = null!;
        var target = await TargetAsync(container.Name, c => counting = new CountingChannel(c));

        foreach (var (output, expected) in new[] { (_builds.V2, "v2"), (_builds.V1, "v1"), (_builds.V2, "v2") })
        {
            var result = await SyncAsync(target, output, _pool);
            Assert.Equal(RestartOutcome.Restarted, result.Restart);
            // The restart returns when the app listens again: it answers at once.
            Assert.Equal(expected, await Http.GetAsync(container.Url));
        }

        Assert.True((await SyncAsync(target, _builds.V2, _pool)).NothingChanged);
        Assert.Equal(1, counting.DuplexExecs);
        Assert.Equal(0, counting.Execs);
        Assert.Equal(1, await AgentSessionProcessesAsync(container));

        // Closing the pool says bye: the agent process ends.
        await _pool.DisposeAsync();
        for (var i = 0; i < 100 && await AgentSessionProcessesAsync(container) > 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, await AgentSessionProcessesAsync(container));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_container_restarted_with_its_state_on_a_tmpfs_is_synced_again_though_nothing_changed(bool withSession)
    {
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, _builds.V1, SampleApp.Assembly, FreePort.Next(), "--tmpfs", "/tmp:exec,mode=1777");
        await Http.WaitForAsync(container.Url, body => body == "v1", TimeSpan.FromSeconds(30));
        var target = await TargetAsync(container.Name);
        var pool = withSession ? _pool : null;
        await SyncAsync(target, _builds.V2, pool);
        Assert.Equal("v2", await Http.GetAsync(container.Url));

        // The shadow copy and its generation lived on the tmpfs: the app starts from the image's v1 again.
        await Testing.Docker.OkAsync("restart", "-t", "5", container.Name);
        await Http.WaitForAsync(container.Url, body => body == "v1", TimeSpan.FromSeconds(30));
        var again = await SyncAsync(target, _builds.V2, pool);

        Assert.False(again.NothingChanged);
        Assert.Equal(RestartOutcome.Restarted, again.Restart);
        Assert.Equal("v2", await Http.GetAsync(container.Url));
    }

    [Fact]
    public async Task A_Release_image_without_the_agent_is_told_how_to_build_a_Debug_image()
    {
        // As the stock images run it: the app user, /app owned by root, so the sh + tar fallback cannot write either.
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, _builds.V1WithoutAgent, SampleApp.Assembly, FreePort.Next());
        await Http.WaitForAsync(container.Url, body => body == "v1", TimeSpan.FromSeconds(30));
        var target = await TargetAsync(container.Name);

        var error = await Assert.ThrowsAsync<DevLoopException>(() => SyncAsync(target, _builds.V2WithoutAgent, _pool));

        Assert.Equal(ErrorCodes.AgentNotInImage, error.Code);
        Assert.Contains("built without the DevLoop agent", error.Message);
        Assert.Contains("Release", error.Message);
        Assert.Contains("dotnet publish -c Debug", error.Message);
        Assert.Equal("v1", await Http.GetAsync(container.Url));
    }
}
