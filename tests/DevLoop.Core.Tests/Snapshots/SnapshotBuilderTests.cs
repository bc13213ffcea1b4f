using DevLoop.Core.Errors;
using DevLoop.Core.Snapshots;
using DevLoop.Testing;

namespace DevLoop.Core.Tests.Snapshots;

public sealed class SnapshotBuilderTests
{
    [Fact]
    public void First_snapshot_hashes_every_file_with_relative_slash_paths()
    {
        using var dir = new TempDirectory();
        dir.Write("App.dll", "one");
        dir.Write("wwwroot/css/site.css", "two");

        var snapshot = SnapshotBuilder.Take(dir.Path, previous: null);

        Assert.Equal(2, snapshot.HashedCount);
        Assert.Equal(new[] { "App.dll", "wwwroot/css/site.css" }, snapshot.Files.Keys.Order());
        Assert.Equal(FileHasher.HashFile(dir.Combine("App.dll")), snapshot.Files["App.dll"].Hash);
    }

    [Fact]
    public void Later_snapshot_hashes_only_files_whose_size_or_time_changed()
    {
        using var dir = new TempDirectory();
        for (var i = 0; i < 20; i++)
        {
            dir.Write($"lib/f{i}.dll", "content " + i);
        }

        var first = SnapshotBuilder.Take(dir.Path, null);
        var changed = dir.Write("lib/f3.dll", "changed content");
        File.SetLastWriteTimeUtc(changed, DateTime.UtcNow.AddSeconds(5));

        var second = SnapshotBuilder.Take(dir.Path, first);

        Assert.Equal(1, second.HashedCount);
        Assert.NotEqual(first.Files["lib/f3.dll"].Hash, second.Files["lib/f3.dll"].Hash);
        Assert.Equal(first.Files["lib/f4.dll"].Hash, second.Files["lib/f4.dll"].Hash);
    }

    [Fact]
    public void Devloop_bookkeeping_is_not_part_of_a_snapshot()
    {
        using var dir = new TempDirectory();
        dir.Write("App.dll", "x");
        dir.Write(".devloop/stage/tx/App.dll", "y");

        Assert.Equal(new[] { "App.dll" }, SnapshotBuilder.Take(dir.Path, null).Files.Keys);
    }

    [Fact]
    public void Executable_bit_is_recorded()
    {
        using var dir = new TempDirectory();
        var apphost = dir.Write("App", "#!");
        File.SetUnixFileMode(apphost, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        dir.Write("App.dll", "x");

        var snapshot = SnapshotBuilder.Take(dir.Path, null);

        Assert.True(snapshot.Files["App"].Executable);
        Assert.False(snapshot.Files["App.dll"].Executable);
    }

    [Fact]
    public void Content_roots_join_the_snapshot_under_their_prefix_and_are_read_from_their_source()
    {
        using var dir = new TempDirectory();
        dir.Write("out/App.dll", "x");
        var css = dir.Write("project/wwwroot/css/site.css", "body{}");

        var snapshot = SnapshotBuilder.Take(dir.Combine("out"), null, new[] { new ContentRoot(dir.Combine("project", "wwwroot"), "wwwroot") });

        Assert.Equal(new[] { "App.dll", "wwwroot/css/site.css" }, snapshot.Files.Keys.Order());
        Assert.Equal(css, snapshot.FullPath("wwwroot/css/site.css"));
        Assert.Equal(dir.Combine("out", "App.dll"), snapshot.FullPath("App.dll"));
    }

    [Fact]
    public void Missing_output_folder_is_a_coded_error()
    {
        var error = Assert.Throws<DevLoopException>(() => SnapshotBuilder.Take("/nonexistent/devloop/out", null));
        Assert.Equal(ErrorCodes.OutputDirMissing, error.Code);
    }

    [Fact]
    public void Store_round_trips_and_ignores_snapshots_of_another_root()
    {
        using var dir = new TempDirectory();
        dir.Write("out/App.dll", "x");
        var store = new SnapshotStore(dir.Combine("state", "snapshot.json"));
        var snapshot = SnapshotBuilder.Take(dir.Combine("out"), null);

        store.Save(snapshot);

        Assert.Equal(snapshot.Files["App.dll"], store.Load(snapshot.Root)!.Files["App.dll"]);
        Assert.Null(store.Load(dir.Combine("elsewhere")));
    }
}
