using DevLoop.Testing;

namespace DevLoop.Agent.Tests;

public sealed class SyncMarksTests
{
    private static Dictionary<string, string> Files(params (string, string)[] files) => files.ToDictionary(f => f.Item1, f => f.Item2);

    [Fact]
    public void The_marks_of_the_last_sync_are_kept_with_the_files_and_reported_by_generation()
    {
        using var app = new TempDirectory();
        var marks = new { commit = "0123456789abcdef0123456789abcdef01234567", syncedAt = "2026-12-02T15:00:00Z", by = "ana@laptop", project = "Orders" };

        ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "v1")), marks: marks));
        var state = GenerationCommand.Run(app.Path);

        Assert.Equal(marks.commit, state.Marks!.Commit);
        Assert.Equal(marks.syncedAt, state.Marks.SyncedAt);
        Assert.Equal("ana@laptop", state.Marks.By);
        Assert.Equal("Orders", state.Marks.Project);
    }

    [Fact]
    public void A_plan_without_marks_removes_the_previous_ones_which_would_no_longer_be_true()
    {
        using var app = new TempDirectory();
        ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "v1")), marks: new { commit = "abc", syncedAt = "2026-12-02T15:00:00Z" }));

        ApplyCommand.Run(app.Path, PayloadBuilder.Build("g1", "g2", Files(("App.dll", "v2"))));

        Assert.Null(GenerationCommand.Run(app.Path).Marks);
    }

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("esc\u001b[31m")]
    public void Marks_with_control_characters_are_refused_before_anything_changes(string by)
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "image");

        var error = Assert.Throws<AgentException>(() => ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "v1")), marks: new { by })));

        Assert.Contains("mark 'by'", error.Message);
        Assert.Equal("image", File.ReadAllText(app.Combine("App.dll")));
    }

    [Fact]
    public void Damaged_marks_read_as_none()
    {
        using var app = new TempDirectory();
        ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "v1")), marks: new { commit = "abc" }));
        File.WriteAllText(app.Combine(".devloop", "marks.json"), "{not json");

        var state = GenerationCommand.Run(app.Path);

        Assert.True(state.Ok);
        Assert.Null(state.Marks);
    }
}

public sealed class ReplacedSyncTests
{
    private static Dictionary<string, string> Files(params (string, string)[] files) => files.ToDictionary(f => f.Item1, f => f.Item2);

    [Fact]
    public void A_sync_from_another_copy_of_the_project_says_which_sync_it_replaced()
    {
        using var app = new TempDirectory();
        var first = new { commit = "aaaaaaa", syncedAt = "2026-12-02T15:00:00Z", by = "ana@laptop", project = "Orders", source = "111111111111" };
        ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "v1")), marks: first));

        var reply = ApplyCommand.Run(app.Path, PayloadBuilder.Build("g1", "g2", Files(("App.dll", "v2")), marks: first with { source = "222222222222" }));

        Assert.True(reply.Ok);
        Assert.Equal("aaaaaaa", reply.Replaced!.Commit);
        Assert.Equal("111111111111", reply.Replaced.Source);
        Assert.Equal("222222222222", GenerationCommand.Run(app.Path).Marks!.Source);
    }

    [Fact]
    public void A_sync_by_another_user_says_which_sync_it_replaced()
    {
        using var app = new TempDirectory();
        ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "v1")), marks: new { by = "ana@laptop", source = "111111111111" }));

        var reply = ApplyCommand.Run(app.Path, PayloadBuilder.Build("g1", "g2", Files(("App.dll", "v2")), marks: new { by = "bo@desk", source = "111111111111" }));

        Assert.Equal("ana@laptop", reply.Replaced!.By);
    }

    [Fact]
    public void A_sync_over_another_users_sync_cut_short_says_whose_whole_sync_it_replaced()
    {
        using var app = new TempDirectory();
        ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "v1")), marks: new { by = "ana@laptop", source = "111111111111" }));
        File.WriteAllText(app.Combine(".devloop", "generation"), "dirty-0123456789abcdef0123456789abcdef");

        var reply = ApplyCommand.Run(app.Path, PayloadBuilder.Build("dirty-0123456789abcdef0123456789abcdef", "g2", Files(("App.dll", "v2")), marks: new { by = "bo@desk", source = "222222222222" }));

        Assert.True(reply.Ok);
        Assert.Equal("ana@laptop", reply.Replaced!.By);
        Assert.Empty(Directory.EnumerateFileSystemEntries(app.Combine(".devloop", "stage")));
    }

    [Fact]
    public void The_next_sync_from_the_same_copy_replaces_nobody_elses()
    {
        using var app = new TempDirectory();
        var marks = new { by = "ana@laptop", source = "111111111111" };
        var first = ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "v1")), marks: marks));

        var second = ApplyCommand.Run(app.Path, PayloadBuilder.Build("g1", "g2", Files(("App.dll", "v2")), marks: marks));

        Assert.Null(first.Replaced);
        Assert.Null(second.Replaced);
    }

    [Fact]
    public void FullPlace_knows_a_full_file_system_by_its_error_and_words_the_refusal()
    {
        Assert.True(FullPlace.Is(new IOException("No space left on device", 28)));
        Assert.True(FullPlace.Is(new IOException("Disk quota exceeded", 122)));
        Assert.False(FullPlace.Is(new IOException("Permission denied", 13)));

        var refusal = FullPlace.Refusal("/tmp/devloop/x", "this sync's 3 file(s)", 5 * 1024 * 1024, 100 * 1024 * 1024, free: 512 * 1024);

        Assert.Equal("DL1005", refusal.Code);
        Assert.Equal(
            "There is no room left in '/tmp/devloop/x': this sync's 3 file(s) need 5.0 MiB and 512 KiB is free there. Give that place at least 128 MiB "
            + "(a bigger tmpfs: docker run --tmpfs /tmp:size=128m; a bigger emptyDir sizeLimit in Kubernetes; or set DEVLOOP_STATE_DIR to a volume with room), then sync again. Nothing was changed.",
            refusal.Message);
    }
}
