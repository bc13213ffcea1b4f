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
        ShadowCopy.Seed(layout);
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
    public void Kept_image_copies_that_an_interrupted_apply_left_half_made_are_not_put_back()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "image");
        ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "v1"))));
        app.Write(".devloop/original/Half.dll.keeping", "half");

        ResetCommand.Run(app.Path);

        Assert.False(File.Exists(app.Combine("Half.dll.keeping")));
        Assert.False(File.Exists(app.Combine("Half.dll")));
        Assert.Equal("image", File.ReadAllText(app.Combine("App.dll")));
    }
}
