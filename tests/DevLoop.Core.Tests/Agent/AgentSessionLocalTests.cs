using DevLoop.Core.Agent;
using DevLoop.Core.Channels;
using DevLoop.Core.Logging;
using DevLoop.Core.Sync;
using DevLoop.Testing;

namespace DevLoop.Core.Tests.Agent;

/// <summary>The agent session against the real agent, run as a child process by the local channel.</summary>
public sealed class AgentSessionLocalTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly AgentSessionPool _pool = new(NullLog.Instance);
    private KillableChannel _channel = null!;

    private string Sandbox => _dir.Combine("sandbox");

    private SyncTarget Target => new(_channel, Sandbox, new[] { "dotnet", "exec", Path.Combine(RepoPaths.AgentDir, SyncTarget.AgentFileName) });

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Sandbox);
        _channel = new KillableChannel(Sandbox);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _pool.DisposeAsync();
        _dir.Dispose();
    }

    private Task<SyncResult> SyncAsync() =>
        new SyncEngine(NullLog.Instance, _pool).SyncAsync(new SyncRequest(_dir.Combine("out"), Target, _dir.Combine("state")), CancellationToken.None);

    private void Change(string path, string content) =>
        File.SetLastWriteTimeUtc(_dir.Write("out/" + path, content), DateTime.UtcNow.AddSeconds(Random.Shared.Next(2, 1000)));

    [Fact]
    public async Task Hello_ping_manifest_restart_and_unknown_verbs_go_over_one_session()
    {
        File.WriteAllText(Path.Combine(Sandbox, "App.dll"), "v1");
        await using var session = await AgentSession.OpenAsync(_channel, Target, CancellationToken.None);

        var ping = await session.RequestAsync(new SessionRequest("ping"), null, CancellationToken.None);
        var manifest = await session.RequestAsync(new SessionRequest("manifest"), null, CancellationToken.None);
        var unknown = await session.RequestAsync(new SessionRequest("frobnicate"), null, CancellationToken.None);
        var restart = await session.RequestAsync(new SessionRequest("restart"), null, CancellationToken.None);

        Assert.Equal(2, session.Hello.Protocol);
        Assert.Equal(AgentSession.ToolVersion, session.Hello.AgentVersion);
        Assert.Equal("none", ping.Generation);
        Assert.Contains("App.dll", manifest.Files!.Keys);
        Assert.Equal(Core.Errors.ErrorCodes.UnknownAgentCommand, unknown.Code);
        Assert.Equal("no-app", restart.Restart);
        Assert.Single(_channel.Started);
        Assert.Equal(0, _channel.Execs);
    }

    [Fact]
    public async Task Syncs_with_a_pool_use_one_agent_process_for_all_their_requests()
    {
        Change("App.dll", "v1");
        await SyncAsync();
        Change("App.dll", "v2");
        var second = await SyncAsync();
        var third = await SyncAsync();

        Assert.Equal(1, second.FilesPut);
        Assert.True(third.NothingChanged);
        Assert.Equal("v2", File.ReadAllText(Path.Combine(Sandbox, "App.dll")));
        Assert.Single(_channel.Started);
        Assert.Equal(0, _channel.Execs);
        Assert.True(_pool.HoldsSession(Target));
    }

    [Fact]
    public async Task After_the_agent_is_killed_mid_session_the_next_request_reopens_it_and_succeeds()
    {
        Change("App.dll", "v1");
        await SyncAsync();

        _channel.KillAgent();
        Change("App.dll", "v2");
        var result = await SyncAsync();

        Assert.Equal(1, result.FilesPut);
        Assert.Equal("v2", File.ReadAllText(Path.Combine(Sandbox, "App.dll")));
        Assert.Equal(2, _pool.OpenCount(Target));
        Assert.Equal(0, _channel.Execs);
        Assert.True(_pool.HoldsSession(Target));
    }

    [Fact]
    public async Task When_the_session_cannot_be_reopened_the_target_is_served_one_exec_per_request()
    {
        Change("App.dll", "v1");
        await SyncAsync();

        _channel.FailStartsAfter = 1;
        _channel.KillAgent();
        Change("App.dll", "v2");
        var result = await SyncAsync();
        Change("App.dll", "v3");
        await SyncAsync();

        Assert.Equal(1, result.FilesPut);
        Assert.Equal("v3", File.ReadAllText(Path.Combine(Sandbox, "App.dll")));
        Assert.False(_pool.HoldsSession(Target));
        Assert.Equal(2, _pool.OpenCount(Target));
        // Each sync: the generation, then the apply.
        Assert.Equal(4, _channel.Execs);
    }

    [Fact]
    public async Task Without_the_agent_the_session_is_not_held_and_the_exec_path_falls_back_to_tar()
    {
        Change("App.dll", "v1");
        var target = Target with { AgentCommand = new[] { "dotnet", "exec", "/nonexistent/DevLoop.Agent.dll" } };

        var result = await new SyncEngine(NullLog.Instance, _pool).SyncAsync(new SyncRequest(_dir.Combine("out"), target, _dir.Combine("state")), CancellationToken.None);

        Assert.Equal(RestartOutcome.NotPossible, result.Restart);
        Assert.Equal("v1", File.ReadAllText(Path.Combine(Sandbox, "App.dll")));
        Assert.False(_pool.HoldsSession(target));
    }

    [Fact]
    public async Task A_target_whose_generation_changed_behind_the_engine_is_synced_again_though_the_output_did_not_change()
    {
        Change("App.dll", "v1");
        await SyncAsync();

        // The target went back to what it had before DevLoop (a container restarted from its image).
        File.WriteAllText(Path.Combine(Sandbox, "App.dll"), "image");
        Directory.Delete(Path.Combine(Sandbox, ".devloop"), recursive: true);
        var result = await SyncAsync();

        Assert.Equal(1, result.FilesPut);
        Assert.Equal("v1", File.ReadAllText(Path.Combine(Sandbox, "App.dll")));
    }
}
