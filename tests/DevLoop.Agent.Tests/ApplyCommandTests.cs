using DevLoop.Testing;

namespace DevLoop.Agent.Tests;

public sealed class ApplyCommandTests
{
    private static Dictionary<string, string> Files(params (string, string)[] files) => files.ToDictionary(f => f.Item1, f => f.Item2);

    [Fact]
    public void Apply_writes_files_deletes_removed_ones_and_stamps_the_generation()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "old");
        app.Write("Gone.dll", "bye");
        app.Write("sub/Only.dll", "x");

        var reply = ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "new"), ("wwwroot/site.css", "css")), new[] { "Gone.dll", "sub/Only.dll" }));

        Assert.True(reply.Ok, reply.Message);
        Assert.Equal("new", File.ReadAllText(app.Combine("App.dll")));
        Assert.Equal("css", File.ReadAllText(app.Combine("wwwroot", "site.css")));
        Assert.False(File.Exists(app.Combine("Gone.dll")));
        Assert.False(Directory.Exists(app.Combine("sub")));
        Assert.Equal(2, reply.Written);
        Assert.Equal(2, reply.Deleted);
        Assert.Equal("no-app", reply.Restart);
        Assert.Equal(PayloadBuilder.Gen("g1"), ManifestCommand.Run(app.Path).Generation);
        Assert.Empty(Directory.GetDirectories(app.Combine(".devloop", "stage")));
    }

    [Fact]
    public void The_stage_an_apply_cut_short_left_behind_is_removed_by_the_next_apply()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "old");
        app.Write(".devloop/stage/0123456789abcdef0123456789abcdef/App.dll", "a partial file of a killed apply");

        var reply = ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "new"))));

        Assert.True(reply.Ok, reply.Message);
        Assert.Empty(Directory.GetFileSystemEntries(app.Combine(".devloop", "stage")));
        Assert.Equal("new", File.ReadAllText(app.Combine("App.dll")));
    }

    [Fact]
    public void Rename_replaces_the_file_so_an_open_handle_keeps_the_old_bytes()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "old");
        using var held = new FileStream(app.Combine("App.dll"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", "new"))));

        Assert.Equal("old", new StreamReader(held).ReadToEnd());
        Assert.Equal("new", File.ReadAllText(app.Combine("App.dll")));
    }

    [Fact]
    public void A_plan_made_against_another_generation_is_refused_and_changes_nothing()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "old");

        var reply = ApplyCommand.Run(app.Path, PayloadBuilder.Build("g-other", "g2", Files(("App.dll", "new"))));

        Assert.False(reply.Ok);
        Assert.Equal("stale", reply.Code);
        Assert.Equal("none", reply.Generation);
        Assert.Equal("old", File.ReadAllText(app.Combine("App.dll")));
    }

    [Fact]
    public void A_damaged_file_fails_the_apply_before_anything_is_replaced()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "old");
        app.Write("Other.dll", "other-old");
        var files = Files(("Other.dll", "other-new"), ("App.dll", "new"));
        var wrongHashes = new Dictionary<string, string> { ["Other.dll"] = PayloadBuilder.Sha("other-new"), ["App.dll"] = PayloadBuilder.Sha("something else") };

        var error = Assert.Throws<AgentException>(() => ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", files, declaredHashes: wrongHashes)));

        Assert.Equal("DL1007", error.Code);
        Assert.Equal("old", File.ReadAllText(app.Combine("App.dll")));
        Assert.Equal("other-old", File.ReadAllText(app.Combine("Other.dll")));
        Assert.Equal("none", ManifestCommand.Run(app.Path).Generation);
    }

    [Fact]
    public void A_cut_off_payload_changes_nothing()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "old");
        var big = new string('x', 200_000) + Guid.NewGuid();

        Assert.ThrowsAny<Exception>(() => ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("App.dll", big)), truncate: true)));

        Assert.Equal("old", File.ReadAllText(app.Combine("App.dll")));
    }

    [Theory]
    [InlineData("../escape.dll")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/../../escape.dll")]
    [InlineData(".devloop/state/generation")]
    public void Paths_outside_the_app_folder_are_refused(string path)
    {
        using var parent = new TempDirectory();
        var app = Path.Combine(parent.Path, "app");
        Directory.CreateDirectory(app);

        var error = Assert.Throws<AgentException>(() => ApplyCommand.Run(app, PayloadBuilder.Build("none", "g1", Files((path, "evil")))));

        Assert.Equal("DL1007", error.Code);
        Assert.False(File.Exists(Path.Combine(parent.Path, "escape.dll")));
    }

    [Fact]
    public void Deletes_outside_the_app_folder_are_refused()
    {
        using var parent = new TempDirectory();
        parent.Write("keep.dll", "keep");
        var app = Path.Combine(parent.Path, "app");
        Directory.CreateDirectory(app);

        Assert.Throws<AgentException>(() => ApplyCommand.Run(app, PayloadBuilder.Build("none", "g1", Files(("A.dll", "a")), new[] { "../keep.dll" })));

        Assert.True(File.Exists(parent.Combine("keep.dll")));
    }

    [Theory]
    [InlineData("../..")]
    [InlineData("/")]
    public void A_generation_that_is_not_hex_is_refused_before_anything_is_written(string generation)
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "old");

        var error = Assert.Throws<AgentException>(() => ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", generation, Files(("App.dll", "new")))));

        Assert.Equal("DL1007", error.Code);
        Assert.Equal("old", File.ReadAllText(app.Combine("App.dll")));
    }

    [Fact]
    public void A_file_where_the_app_folder_has_a_folder_fails_before_the_first_rename()
    {
        using var app = new TempDirectory();
        app.Write("A.dll", "old-a");
        app.Write("Conflict/inside.txt", "x");

        var error = Assert.Throws<AgentException>(() => ApplyCommand.Run(app.Path, PayloadBuilder.Build("none", "g1", Files(("A.dll", "new-a"), ("Conflict", "file")))));

        Assert.Contains("'Conflict'", error.Message);
        Assert.Equal("old-a", File.ReadAllText(app.Combine("A.dll")));
        Assert.Equal("none", ManifestCommand.Run(app.Path).Generation);
    }

    [Fact]
    public void A_missing_app_folder_is_a_coded_error()
    {
        var error = Assert.Throws<AgentException>(() => ApplyCommand.Run("/nonexistent/devloop-app", PayloadBuilder.Build("none", "g1", Files(("A.dll", "a")))));
        Assert.Equal("DL1004", error.Code);
    }
}
