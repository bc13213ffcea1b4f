using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Core.Sync;
using DevLoop.Testing;

namespace DevLoop.Core.Tests.Sync;

/// <summary>One output to several targets at once (the replicas of a workload), against the real agent.</summary>
public sealed class SyncEngineGroupTests : IDisposable
{
    private static readonly TargetGroup Replicas = new("of deployment/web in dev", "pod");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private SyncTarget Target(string name, string? agent = null)
    {
        var sandbox = _dir.Combine(name);
        Directory.CreateDirectory(sandbox);
        var channel = new RecordingChannel(new LocalProcessChannel(sandbox));
        return new SyncTarget(channel, sandbox, new[] { "dotnet", "exec", agent ?? Path.Combine(RepoPaths.AgentDir, SyncTarget.AgentFileName) });
    }

    private Task<SyncResult> Sync(params SyncTarget[] targets) =>
        new SyncEngine(NullLog.Instance).SyncAsync(new SyncRequest(_dir.Combine("out"), targets, _dir.Combine("state")) { Group = Replicas }, CancellationToken.None);

    [Fact]
    public async Task Every_target_gets_the_same_files_and_the_summary_counts_them()
    {
        _dir.Write("out/App.dll", "v1");
        _dir.Write("out/Lib.dll", "lib");
        var targets = new[] { Target("a"), Target("b"), Target("c") };

        var result = await Sync(targets);

        Assert.Equal(new GroupCounts("pod", 3, 3), result.Group);
        Assert.Equal(2, result.FilesPut);
        foreach (var name in new[] { "a", "b", "c" })
        {
            Assert.Equal("v1", File.ReadAllText(_dir.Combine(name, "App.dll")));
        }

        Assert.StartsWith("DevLoop: synced 2 files", SyncResultFormatter.Format(result));
        Assert.Contains("to 3 pods of deployment/web in dev", SyncResultFormatter.Format(result));
        Assert.All(targets, t => Assert.Equal(1, ((RecordingChannel)t.Channel).ChangesRecorded));
    }

    [Fact]
    public async Task A_target_already_up_to_date_is_counted_but_not_changed_or_marked()
    {
        _dir.Write("out/App.dll", "v1");
        var a = Target("a");
        await Sync(a);

        var b = Target("b");
        var result = await Sync(Target("a"), b);

        Assert.Equal(new GroupCounts("pod", 2, 1), result.Group);
        Assert.Contains("to 1 of 2 pods", SyncResultFormatter.Format(result));
        Assert.Equal(1, ((RecordingChannel)b.Channel).ChangesRecorded);

        var again = await Sync(Target("a"), Target("b"));
        Assert.True(again.NothingChanged);
        Assert.Equal("DevLoop: 2 pods of deployment/web in dev are up to date (nothing changed; " + again.Total.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture) + " ms).", SyncResultFormatter.Format(again));
    }

    [Fact]
    public async Task One_failing_target_fails_the_sync_names_it_and_the_others_still_get_the_files()
    {
        _dir.Write("out/App.dll", "v1");
        var broken = Target("broken", agent: "/nonexistent/DevLoop.Agent.dll") with { AppDir = "/nonexistent/app" };

        var error = await Assert.ThrowsAsync<DevLoopException>(() => Sync(Target("good"), broken));

        Assert.Equal(ErrorCodes.AppDirMissing, error.Code);
        Assert.Contains("1 of 2 targets could not be synced (1 synced)", error.Message);
        Assert.Contains("/nonexistent/app", error.Message);
        Assert.Equal("v1", File.ReadAllText(_dir.Combine("good", "App.dll")));
    }

    [Fact]
    public async Task A_group_of_one_reads_in_the_singular()
    {
        _dir.Write("out/App.dll", "v1");
        await Sync(Target("a"));

        var again = await Sync(Target("a"));

        Assert.StartsWith("DevLoop: 1 pod of deployment/web in dev is up to date", SyncResultFormatter.Format(again));
    }

    /// <summary>A channel that, like a pod, records that DevLoop changed it.</summary>
    private sealed class RecordingChannel : ITargetChannel, IChangeRecorder
    {
        private readonly ITargetChannel _inner;

        public RecordingChannel(ITargetChannel inner)
        {
            _inner = inner;
        }

        public int ChangesRecorded { get; private set; }

        public string DisplayName => _inner.DisplayName;

        public string Identity => _inner.Identity;

        public Task<ExecResult> ExecAsync(IReadOnlyList<string> argv, Stream? stdin, CancellationToken cancellationToken) => _inner.ExecAsync(argv, stdin, cancellationToken);

        public Task<bool> DirectoryExistsAsync(string path, CancellationToken cancellationToken) => _inner.DirectoryExistsAsync(path, cancellationToken);

        public Task RecordChangeAsync(CancellationToken cancellationToken)
        {
            ChangesRecorded++;
            return Task.CompletedTask;
        }
    }
}
