using DevLoop.Testing;

namespace DevLoop.Agent.Tests;

public sealed class ResetCommandTests
{
    private static Dictionary<string, string> Files(params (string, string)[] files) => files.ToDictionary(f => f.Item1, f => f.Item2);

    [Fact]
    public void In_place_reset_puts_back_the_image_files_and_removes_the_ones_syncs_added()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "image app");
        app.Write("Lib.dll", "image lib");
        app.Write("Gone.dll", "image gone");

        Assert.True(ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "v1"), ("Added.dll", "a1")), new[] { "Gone.dll" })).Ok);
        // A second sync over files DevLoop already wrote must not take them for the image's.
        Assert.True(ApplyCommand.Run(app.Path, PayloadBuilder.Build("g1", "g2", Files(("App.dll", "v2"), ("Added.dll", "a2"), ("wwwroot/new.css", "css")))).Ok);

        var reply = ResetCommand.Run(app.Path);

        Assert.True(reply.Ok, reply.Message);
        Assert.Equal("image app", File.ReadAllText(app.Combine("App.dll")));
        Assert.Equal("image lib", File.ReadAllText(app.Combine("Lib.dll")));
        Assert.Equal("image gone", File.ReadAllText(app.Combine("Gone.dll")));
        Assert.False(File.Exists(app.Combine("Added.dll")));
        Assert.False(Directory.Exists(app.Combine("wwwroot")));
        Assert.Equal(2, reply.Written);
        Assert.Equal(2, reply.Deleted);
        Assert.Equal("no-app", reply.Restart);
        var state = GenerationCommand.Run(app.Path);
        Assert.Equal("none", state.Generation);
        Assert.Null(state.Marks);
        Assert.Equal(new[] { "App.dll", "Gone.dll", "Lib.dll" }, ManifestCommand.Run(app.Path).Files!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_reset_with_nothing_synced_changes_nothing()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "image");

        var reply = ResetCommand.Run(app.Path);

        Assert.True(reply.Ok);
        Assert.Equal("skipped", reply.Restart);
        Assert.Equal("image", File.ReadAllText(app.Combine("App.dll")));
    }

    [Fact]
    public void A_sync_after_a_reset_keeps_the_image_files_again()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "image");
        ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "v1"))));
        ResetCommand.Run(app.Path);

        Assert.True(ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g2", Files(("App.dll", "v2")))).Ok);
        Assert.Equal("v2", File.ReadAllText(app.Combine("App.dll")));
        ResetCommand.Run(app.Path);

        Assert.Equal("image", File.ReadAllText(app.Combine("App.dll")));
    }

    [Fact]
    public void Shadow_reset_drops_the_synced_copy_and_the_app_folder_is_what_runs_again()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "image");
        var layout = AgentLayout.TryCreate(app.Path)!;
        ShadowCopy.Seed(layout, 0);
        var applied = ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "v1"))));
        Assert.Equal(AppRoot.Shadow, applied.Mode);

        var reply = ResetCommand.Run(app.Path);

        Assert.True(reply.Ok, reply.Message);
        Assert.False(Directory.Exists(layout.ShadowDir));
        Assert.False(File.Exists(layout.ShadowSeededMarker));
        var state = GenerationCommand.Run(app.Path);
        Assert.Equal(AppRoot.InPlace, state.Mode);
        Assert.Equal("none", state.Generation);
        Assert.Equal("image", File.ReadAllText(app.Combine("App.dll")));
    }

    [Fact]
    public void A_shadow_reset_cut_short_after_the_marker_went_is_finished_by_the_next_one()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "image");
        var layout = AgentLayout.TryCreate(app.Path)!;
        ShadowCopy.Seed(layout, 0);
        ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "v1"))));
        File.Delete(layout.ShadowSeededMarker);

        var reply = ResetCommand.Run(app.Path);

        Assert.NotEqual("skipped", reply.Restart);
        Assert.False(Directory.Exists(layout.ShadowDir));
    }

    [Fact]
    public void A_folder_changed_in_place_without_the_image_copies_is_refused_and_left_as_it_is()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "synced by an older agent");
        app.Write(".devloop/generation", PayloadBuilder.Gen("old"));

        var error = Assert.Throws<AgentException>(() => ResetCommand.Run(app.Path));

        Assert.Equal(ErrorCodes.ResetImpossible, error.Code);
        Assert.Contains("recreate the container", error.Message);
        Assert.Equal(PayloadBuilder.Gen("old"), GenerationCommand.Run(app.Path).Generation);
    }

    [Fact]
    public void A_copy_an_interrupted_apply_left_half_made_is_never_put_back_and_an_image_file_named_like_one_is()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "image");
        app.Write("notes.keeping", "an image file");
        ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "v1"), ("notes.keeping", "synced"))));
        app.Write(".devloop/keeping/0123abcd", "half a copy");

        ResetCommand.Run(app.Path);

        Assert.Equal("image", File.ReadAllText(app.Combine("App.dll")));
        Assert.Equal("an image file", File.ReadAllText(app.Combine("notes.keeping")));
        Assert.False(Directory.Exists(app.Combine(".devloop", "keeping")));
    }

    [Fact]
    public void A_later_sync_over_a_folder_an_older_agent_changed_keeps_nothing_and_reset_still_refuses()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "synced by an older agent");
        app.Write(".devloop/generation", PayloadBuilder.Gen("old"));

        Assert.True(ApplyCommand.Run(app.Path, PayloadBuilder.Build("old", "g2", Files(("App.dll", "v2")))).Ok);
        var error = Assert.Throws<AgentException>(() => ResetCommand.Run(app.Path));

        Assert.Equal(ErrorCodes.ResetImpossible, error.Code);
        Assert.Equal("v2", File.ReadAllText(app.Combine("App.dll")));
    }

    [Fact]
    public void A_file_that_took_the_place_of_a_deleted_folder_is_removed_before_the_folder_comes_back()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "image");
        app.Write("a/b", "image file in a folder");
        ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "v1")), new[] { "a/b" }));
        ApplyCommand.Run(app.Path, PayloadBuilder.Build("g1", "g2", Files(("a", "now a file"))));

        var reply = ResetCommand.Run(app.Path);

        Assert.True(reply.Ok, reply.Message);
        Assert.Equal("image file in a folder", File.ReadAllText(app.Combine("a", "b")));
        Assert.Equal("image", File.ReadAllText(app.Combine("App.dll")));
    }

    [Fact]
    public void A_reset_cut_short_is_finished_by_the_next_one()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "image");
        app.Write("Lib.dll", "image lib");
        ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "v1"), ("Lib.dll", "lib v1"), ("Added.dll", "added"))));
        // As a reset killed after it stamped the folder, removed the added file and put one file back.
        app.Write(".devloop/generation", ResetCommand.Resetting);
        File.Delete(app.Combine("Added.dll"));
        File.Move(app.Combine(".devloop", "original", "App.dll"), app.Combine("App.dll"), overwrite: true);

        var reply = ResetCommand.Run(app.Path);

        Assert.True(reply.Ok, reply.Message);
        Assert.Equal("image", File.ReadAllText(app.Combine("App.dll")));
        Assert.Equal("image lib", File.ReadAllText(app.Combine("Lib.dll")));
        Assert.Equal("none", GenerationCommand.Run(app.Path).Generation);
    }

    [Fact]
    public void A_reset_cut_short_after_it_put_everything_back_lets_the_next_sync_keep_the_image_files()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "image");
        ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "v1"))));
        ResetCommand.Run(app.Path);
        app.Write(".devloop/generation", ResetCommand.Resetting);

        Assert.True(ApplyCommand.Run(app.Path, PayloadBuilder.Build(ResetCommand.Resetting, "g2", Files(("App.dll", "v2")))).Ok);
        ResetCommand.Run(app.Path);

        Assert.Equal("image", File.ReadAllText(app.Combine("App.dll")));
    }
}
