using System.Diagnostics;
using DevLoop.Agent.HotReload;
using DevLoop.Testing;

namespace DevLoop.Agent.Tests.HotReload;

/// <summary>
/// A real app process with the agent as its startup hook, and real deltas from Roslyn: the hook
/// applies them in the running process, which keeps its state.
/// </summary>
public sealed class DeltaApplierTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TempDirectory _state = new();

    public void Dispose()
    {
        var state = AgentLayout.TryCreate(_dir.Path)!.StateDir;
        _dir.Dispose();
        _state.Dispose();
        Directory.Delete(state, recursive: true);
    }

    [Fact]
    public async Task A_method_body_delta_changes_the_running_app_which_keeps_its_state()
    {
        var app = HotApp.Emit(_dir.Path, "v1");
        using var process = Start(modifiable: true);
        var v1 = await process.WaitForLineAsync(l => l.StartsWith("v1 ", StringComparison.Ordinal));

        Assert.Equal("ok applied", HookProtocol.SendDelta(SocketPath(), app.DeltaTo("v2"), TimeSpan.FromSeconds(10)));
        var v2 = await process.WaitForLineAsync(l => l.StartsWith("v2 ", StringComparison.Ordinal));
        Assert.Equal("ok applied", HookProtocol.SendDelta(SocketPath(), app.DeltaTo("v3"), TimeSpan.FromSeconds(10)));
        var v3 = await process.WaitForLineAsync(l => l.StartsWith("v3 ", StringComparison.Ordinal));

        // The same process: its counter went on instead of starting again.
        Assert.True(Count(v2) > Count(v1) && Count(v3) > Count(v2), $"{v1} / {v2} / {v3}");
        Assert.False(process.HasExited);
    }

    [Fact]
    public async Task The_frameworks_handlers_are_told_which_types_the_delta_changed_or_everything_when_it_does_not_say()
    {
        var app = HotApp.Emit(_dir.Path, "v1");
        using var process = Start(modifiable: true);
        await process.WaitForLineAsync(l => l.StartsWith("v1 ", StringComparison.Ordinal));

        Assert.Equal("ok applied", HookProtocol.SendDelta(SocketPath(), app.DeltaTo("v2"), TimeSpan.FromSeconds(10)));
        await process.WaitForLineAsync(l => l == "cleared: Greeter");
        Assert.Equal("ok applied", HookProtocol.SendDelta(SocketPath(), app.DeltaTo("v3") with { ChangedTypes = null }, TimeSpan.FromSeconds(10)));
        await process.WaitForLineAsync(l => l == "cleared: everything");
    }

    [Fact]
    public async Task An_app_started_without_modifiable_assemblies_starts_itself_again_with_them()
    {
        var app = HotApp.Emit(_dir.Path, "v1");
        using var process = Start(modifiable: false);
        await process.WaitForLineAsync(l => l.StartsWith("v1 ", StringComparison.Ordinal));

        Assert.Equal("ok applied", HookProtocol.SendDelta(SocketPath(), app.DeltaTo("v2"), TimeSpan.FromSeconds(10)));
        await process.WaitForLineAsync(l => l.StartsWith("v2 ", StringComparison.Ordinal));
        Assert.Contains(process.Seen, l => l.Contains("Starting again with DOTNET_MODIFIABLE_ASSEMBLIES=debug", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_hot_reload_off_the_app_is_not_started_again_and_refuses_deltas_saying_why()
    {
        var app = HotApp.Emit(_dir.Path, "v1");
        using var process = Start(modifiable: false, hotReload: false);
        await process.WaitForLineAsync(l => l.StartsWith("v1 ", StringComparison.Ordinal));

        var answer = HookProtocol.SendDelta(SocketPath(), app.DeltaTo("v2"), TimeSpan.FromSeconds(10));

        Assert.Equal("refused the app was started without DOTNET_MODIFIABLE_ASSEMBLIES=debug", answer);
        Assert.DoesNotContain(process.Seen, l => l.Contains("Starting again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_delta_for_a_module_not_loaded_is_kept_and_the_answer_names_the_apps_own_module()
    {
        var app = HotApp.Emit(_dir.Path, "v1");
        using var process = Start(modifiable: true);
        await process.WaitForLineAsync(l => l.StartsWith("v1 ", StringComparison.Ordinal));
        var other = HotApp.Emit(_state.Path, "other");
        Assert.Equal("ok applied", HookProtocol.SendDelta(SocketPath(), app.DeltaTo("v2"), TimeSpan.FromSeconds(10)));

        // The answer names the app's own module and how many deltas it took: the tool sees that the app runs another build.
        Assert.Equal($"ok pending {app.ModuleId:D} 1", HookProtocol.SendDelta(SocketPath(), other.DeltaTo("other 2"), TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_delta_travels_through_an_agent_session_to_the_app()
    {
        var app = HotApp.Emit(_dir.Path, "v1");
        using var process = Start(modifiable: true);
        await process.WaitForLineAsync(l => l.StartsWith("v1 ", StringComparison.Ordinal));
        var (replies, _) = new Session.SessionScript().Delta(app.DeltaTo("v2").ToBytes()).Delta(new byte[] { 1, 2, 3 }).Request("ping").Run(_dir.Path);

        Assert.True(replies[0].Ok, replies[0].Message);
        Assert.Equal("applied", replies[0].HotReload);
        await process.WaitForLineAsync(l => l.StartsWith("v2 ", StringComparison.Ordinal));
        Assert.Equal("DL1007", replies[1].Code);
        Assert.True(replies[2].Ok);
    }

    [Fact]
    public async Task The_engine_delivers_a_delta_through_the_agent_session_and_learns_when_the_app_runs_another_build()
    {
        var app = HotApp.Emit(_dir.Path, "v1");
        using var process = Start(modifiable: true);
        await process.WaitForLineAsync(l => l.StartsWith("v1 ", StringComparison.Ordinal));
        var target = new Core.Channels.SyncTarget(new Core.Channels.LocalProcessChannel(_dir.Path), _dir.Path, new[] { "dotnet", "exec", Path.Combine(RepoPaths.AgentDir, "DevLoop.Agent.dll") });
        await using var sessions = new Core.Agent.AgentSessionPool(Core.Logging.NullLog.Instance);
        var delivery = new Core.HotReload.DeltaDelivery(sessions);

        var v2 = app.DeltaTo("v2");
        var applied = Assert.Single(await delivery.SendAsync(new[] { target }, v2.ModuleId, v2.Metadata, v2.IL, v2.Pdb, v2.ChangedTypes!, CancellationToken.None));
        var other = HotApp.Emit(_state.Path, "other").DeltaTo("other 2");
        var elsewhere = Assert.Single(await delivery.SendAsync(new[] { target }, other.ModuleId, other.Metadata, other.IL, other.Pdb, other.ChangedTypes!, CancellationToken.None));

        Assert.Equal(Core.HotReload.DeltaFate.Applied, applied.Fate);
        await process.WaitForLineAsync(l => l.StartsWith("v2 ", StringComparison.Ordinal));
        Assert.Equal(Core.HotReload.DeltaFate.OtherBuild, elsewhere.Fate);
        Assert.Equal((app.ModuleId, 1), elsewhere.Running);
        Assert.True(sessions.HoldsSession(target));
    }

    [Fact]
    public void A_delta_with_no_app_running_says_so()
    {
        var app = HotApp.Emit(_dir.Path, "v1");
        var (replies, _) = new Session.SessionScript().Delta(app.DeltaTo("v2").ToBytes()).Run(_dir.Path);

        Assert.Equal("no-app", replies[0].HotReload);
    }

    private static int Count(string line) => int.Parse(line[(line.IndexOf(' ') + 1)..]);

    // The app and this process find the same state folder (the temp folder's devloop/HASH), as the agent in a container does.
    private string SocketPath() => AgentLayout.TryCreate(_dir.Path)!.SocketPath;

    private LineProcess Start(bool modifiable, bool hotReload = true)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _dir.Path };
        start.ArgumentList.Add(Path.Combine(_dir.Path, "HotApp.dll"));
        start.Environment["DOTNET_STARTUP_HOOKS"] = typeof(DeltaApplier).Assembly.Location;
        start.Environment.Remove("DEVLOOP_STATE_DIR");
        if (modifiable)
        {
            start.Environment["DOTNET_MODIFIABLE_ASSEMBLIES"] = "debug";
        }
        else
        {
            start.Environment.Remove("DOTNET_MODIFIABLE_ASSEMBLIES");
        }

        if (!hotReload)
        {
            start.Environment["DEVLOOP_HOT_RELOAD"] = "0";
        }

        return LineProcess.Start(start);
    }
}
