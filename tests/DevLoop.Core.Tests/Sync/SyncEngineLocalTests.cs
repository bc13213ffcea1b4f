using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Core.Sync;
using DevLoop.Testing;

namespace DevLoop.Core.Tests.Sync;

/// <summary>The engine against the real agent, run as a process by the local channel.</summary>
public sealed class SyncEngineLocalTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string Output => _dir.Combine("out");

    private string Sandbox => _dir.Combine("sandbox");

    private string State => _dir.Combine("state");

    public void Dispose() => _dir.Dispose();

    private SyncRequest Request(string? agentPath = null)
    {
        Directory.CreateDirectory(Sandbox);
        var agent = agentPath ?? Path.Combine(RepoPaths.AgentDir, SyncTarget.AgentFileName);
        var target = new SyncTarget(new LocalProcessChannel(Sandbox), Sandbox, new[] { "dotnet", "exec", agent });
        return new SyncRequest(Output, target, State);
    }

    private static Task<SyncResult> Sync(SyncRequest request) => new SyncEngine(NullLog.Instance).SyncAsync(request, CancellationToken.None);

    [Fact]
    public async Task First_sync_copies_everything_then_only_changes_travel()
    {
        _dir.Write("out/App.dll", "v1");
        _dir.Write("out/Lib.dll", "lib");
        _dir.Write("out/Old.dll", "old");

        var first = await Sync(Request());
        Assert.Equal(3, first.FilesPut);
        Assert.Equal(RestartOutcome.AppNotRunning, first.Restart);

        var unchanged = await Sync(Request());
        Assert.True(unchanged.NothingChanged);
        Assert.Equal(0, unchanged.PayloadBytes);

        var app = _dir.Write("out/App.dll", "v2 longer");
        File.SetLastWriteTimeUtc(app, DateTime.UtcNow.AddSeconds(3));
        File.Delete(_dir.Combine("out/Old.dll"));
        var changed = await Sync(Request());

        Assert.Equal(1, changed.FilesPut);
        Assert.Equal(1, changed.FilesDeleted);
        Assert.Equal("v2 longer", File.ReadAllText(Path.Combine(Sandbox, "App.dll")));
        Assert.False(File.Exists(Path.Combine(Sandbox, "Old.dll")));
        Assert.Equal("lib", File.ReadAllText(Path.Combine(Sandbox, "Lib.dll")));
    }

    [Fact]
    public async Task Static_files_sync_without_a_restart_and_code_changes_still_restart()
    {
        _dir.Write("out/App.dll", "v1");
        _dir.Write("project/wwwroot/site.css", "a{}");
        var content = new[] { new DevLoop.Core.Snapshots.ContentRoot(_dir.Combine("project", "wwwroot"), "wwwroot") };
        var request = Request() with { Content = content };
        await Sync(request);

        File.SetLastWriteTimeUtc(_dir.Write("project/wwwroot/site.css", "b{}"), DateTime.UtcNow.AddSeconds(3));
        var staticOnly = await Sync(Request() with { Content = content });

        Assert.Equal(1, staticOnly.FilesPut);
        Assert.Equal(RestartOutcome.NotNeeded, staticOnly.Restart);
        Assert.Equal("b{}", File.ReadAllText(Path.Combine(Sandbox, "wwwroot", "site.css")));
        Assert.False(request.NeedsRestart(new SyncPlan(new[] { new DevLoop.Core.Snapshots.FileState("wwwroot/a.css", 1, 1, "h", false) }, Array.Empty<string>())));
        Assert.True(request.NeedsRestart(new SyncPlan(new[] { new DevLoop.Core.Snapshots.FileState("App.dll", 1, 1, "h", false) }, new[] { "wwwroot/old.css" })));
    }

    [Fact]
    public async Task A_target_changed_behind_the_engine_is_read_again_and_fixed()
    {
        _dir.Write("out/App.dll", "v1");
        await Sync(Request());

        // Someone replaced the target (a new container, a wiped sandbox): the cached manifest is wrong.
        Directory.Delete(Sandbox, recursive: true);
        var stateKey = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(Sandbox))))[..12].ToLowerInvariant();
        Directory.Delete(Path.Combine(Path.GetTempPath(), "devloop", stateKey), recursive: true);
        _dir.Write("out/App.dll", "v2");
        File.SetLastWriteTimeUtc(_dir.Combine("out/App.dll"), DateTime.UtcNow.AddSeconds(3));
        _dir.Write("out/Added.dll", "added");

        var result = await Sync(Request());

        Assert.Equal(2, result.FilesPut);
        Assert.Equal("v2", File.ReadAllText(Path.Combine(Sandbox, "App.dll")));
    }

    [Fact]
    public async Task Without_the_agent_the_engine_falls_back_to_sh_and_tar()
    {
        _dir.Write("out/App.dll", "v1");
        _dir.Write("out/sub/Lib.dll", "lib");
        var log = new RecordingLog();

        var result = await new SyncEngine(log).SyncAsync(Request(agentPath: "/nonexistent/DevLoop.Agent.dll"), CancellationToken.None);

        Assert.Equal(2, result.FilesPut);
        Assert.Equal("lib", File.ReadAllText(Path.Combine(Sandbox, "sub", "Lib.dll")));
        Assert.Contains(log.Warnings, w => w.StartsWith(ErrorCodes.TarFallbackUsed, StringComparison.Ordinal));
        Assert.Equal(RestartOutcome.NotPossible, result.Restart);

        // Later syncs start from the cached manifest and must still take the fallback path.
        File.SetLastWriteTimeUtc(_dir.Write("out/App.dll", "v2"), DateTime.UtcNow.AddSeconds(3));
        var second = await new SyncEngine(log).SyncAsync(Request(agentPath: "/nonexistent/DevLoop.Agent.dll"), CancellationToken.None);
        Assert.Equal(1, second.FilesPut);
        Assert.Equal("v2", File.ReadAllText(Path.Combine(Sandbox, "App.dll")));
    }

    [Fact]
    public async Task Without_agent_and_app_folder_the_error_names_the_folder()
    {
        _dir.Write("out/App.dll", "v1");
        var request = Request(agentPath: "/nonexistent/DevLoop.Agent.dll");
        var target = request.Targets[0] with { AppDir = "/nonexistent/app" };

        var error = await Assert.ThrowsAsync<DevLoopException>(() => Sync(request with { Targets = new[] { target } }));

        Assert.Equal(ErrorCodes.AppDirMissing, error.Code);
        Assert.Contains("/nonexistent/app", error.Message);
    }

    [Fact]
    public async Task Another_app_folder_with_nothing_changed_locally_is_never_up_to_date_from_the_cache()
    {
        _dir.Write("out/App.dll", "v1");
        await Sync(Request());

        // As -p:DevLoopAppDir=... with no edit: the same output, the same state folder, another folder in the target.
        var request = Request();
        var missing = await Assert.ThrowsAsync<DevLoopException>(() => Sync(request with { Targets = new[] { request.Targets[0] with { AppDir = "/nonexistent/app" } } }));
        Assert.Equal(ErrorCodes.AppDirMissing, missing.Code);

        var other = _dir.Combine("other-app");
        Directory.CreateDirectory(other);
        var synced = await Sync(request with { Targets = new[] { request.Targets[0] with { AppDir = other } } });
        Assert.Equal(1, synced.FilesPut);
        Assert.Equal("v1", File.ReadAllText(Path.Combine(other, "App.dll")));
    }

    [Fact]
    public async Task A_sync_over_one_from_another_copy_of_the_project_warns_naming_it_and_the_next_from_the_same_copy_does_not()
    {
        _dir.Write("out/App.dll", "from ana's clone");
        var ana = new SyncMarks("aaaaaaaaaaaaaaaa", "2026-12-02T15:00:00Z", "ana@laptop", "Orders", SyncMarks.SourceOf("/home/ana/shop/Orders"));
        await Sync(Request() with { Marks = ana });

        // Another copy: its own state folder, its own output, the same target.
        var log = new RecordingLog();
        _dir.Write("copy/out/App.dll", "from the worktree");
        var copy = Request() with { OutputDir = _dir.Combine("copy/out"), StateDir = _dir.Combine("copy/state"), Marks = ana with { Source = SyncMarks.SourceOf("/home/ana/shop-fix/Orders") } };
        await new SyncEngine(log).SyncAsync(copy, CancellationToken.None);

        var warning = Assert.Single(log.Warnings);
        Assert.StartsWith(ErrorCodes.ReplacedAnotherSync + " This sync replaced the files another DevLoop sync had put in ", warning);
        Assert.Contains("(Orders, commit aaaaaaa, synced 2026-12-02T15:00:00Z; by ana@laptop,", warning);
        Assert.Equal("from the worktree", File.ReadAllText(Path.Combine(Sandbox, "App.dll")));

        var again = new RecordingLog();
        var edited = _dir.Write("copy/out/App.dll", "from the worktree, edited");
        File.SetLastWriteTimeUtc(edited, DateTime.UtcNow.AddSeconds(3));
        await new SyncEngine(again).SyncAsync(copy, CancellationToken.None);
        Assert.Empty(again.Warnings);
    }

    private sealed class RecordingLog : IDevLoopLog
    {
        public List<string> Warnings { get; } = new();

        public void Detail(string message) { }

        public void Info(string message) { }

        public void Warning(string code, string message) => Warnings.Add(code + " " + message);

        public void Error(string code, string message) => Warnings.Add(code + " " + message);
    }
}
