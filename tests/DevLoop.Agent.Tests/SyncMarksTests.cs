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
