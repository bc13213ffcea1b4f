using DevLoop.Testing;

namespace DevLoop.Agent.Tests;

public sealed class ShadowCopyTests
{
    [Fact]
    public async Task Seeding_keeps_links_as_links_and_never_blocks_on_a_pipe()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "dll");
        app.Write("sub/data.json", "{}");
        File.CreateSymbolicLink(app.Combine("root-link"), "/");
        File.CreateSymbolicLink(app.Combine("loop"), "..");
        (await Run.ProcessAsync("mkfifo", new[] { app.Combine("pipe") })).EnsureSuccess("mkfifo");
        var layout = AgentLayout.TryCreate(app.Path)!;

        var seeding = Task.Run(() => ShadowCopy.Seed(layout, 0));
        Assert.Same(seeding, await Task.WhenAny(seeding, Task.Delay(TimeSpan.FromSeconds(10))));
        await seeding;

        Assert.Equal("dll", File.ReadAllText(Path.Combine(layout.ShadowDir, "App.dll")));
        Assert.Equal("{}", File.ReadAllText(Path.Combine(layout.ShadowDir, "sub", "data.json")));
        Assert.Equal("/", new FileInfo(Path.Combine(layout.ShadowDir, "root-link")).LinkTarget);
        Assert.Equal("..", new FileInfo(Path.Combine(layout.ShadowDir, "loop")).LinkTarget);
        Assert.Equal(0, new FileInfo(Path.Combine(layout.ShadowDir, "pipe")).Length);
        Directory.Delete(layout.StateDir, recursive: true);
    }
}
