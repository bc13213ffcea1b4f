using DevLoop.Core.Snapshots;
using DevLoop.Core.Sync;

namespace DevLoop.Core.Tests.Sync;

public sealed class SyncPlannerTests
{
    private static OutputSnapshot Snapshot(params (string Path, string Hash)[] files) =>
        new("/out", files.ToDictionary(f => f.Path, f => new FileState(f.Path, 1, 1, f.Hash, false)), 0);

    private static RemoteManifest Remote(params (string Path, string Hash)[] files) =>
        new("g1", files.ToDictionary(f => f.Path, f => f.Hash));

    [Fact]
    public void Puts_new_and_changed_files_and_deletes_what_left_the_output_since_the_last_sync()
    {
        var plan = SyncPlanner.Create(
            Snapshot(("App.dll", "new"), ("Same.dll", "s"), ("Added.dll", "a")),
            Remote(("App.dll", "old"), ("Same.dll", "s"), ("Gone.dll", "g")),
            previous: Snapshot(("App.dll", "old"), ("Same.dll", "s"), ("Gone.dll", "g")));

        Assert.Equal(new[] { "Added.dll", "App.dll" }, plan.Puts.Select(p => p.Path));
        Assert.Equal(new[] { "Gone.dll" }, plan.Deletes);
    }

    [Fact]
    public void Files_the_target_had_before_DevLoop_are_never_deleted()
    {
        // A publish output's wwwroot, say: in the container, never in the build output.
        var plan = SyncPlanner.Create(
            Snapshot(("App.dll", "new")),
            Remote(("App.dll", "old"), ("wwwroot/site.css", "css")),
            previous: Snapshot(("App.dll", "old")));

        Assert.Empty(plan.Deletes);
    }

    [Fact]
    public void Identical_content_gives_an_empty_plan()
    {
        Assert.True(SyncPlanner.Create(Snapshot(("App.dll", "h")), Remote(("App.dll", "h"))).IsEmpty);
    }

    [Fact]
    public void Empty_target_gets_everything()
    {
        var plan = SyncPlanner.Create(Snapshot(("A.dll", "1"), ("B.dll", "2")), RemoteManifest.Empty);
        Assert.Equal(2, plan.Puts.Count);
        Assert.Empty(plan.Deletes);
    }

    [Fact]
    public void Manifest_after_a_plan_matches_the_snapshot()
    {
        var snapshot = Snapshot(("App.dll", "new"), ("Added.dll", "a"));
        var remote = Remote(("App.dll", "old"), ("Gone.dll", "g"));
        var plan = SyncPlanner.Create(snapshot, remote);

        var after = remote.After(plan, "g2");

        Assert.Equal("g2", after.Generation);
        Assert.True(SyncPlanner.Create(snapshot, after).IsEmpty);
    }
}
