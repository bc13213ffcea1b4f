using DevLoop.Testing;

namespace DevLoop.Agent.Tests;

public sealed class ManifestCommandTests
{
    [Fact]
    public void Manifest_hashes_the_app_folder_without_devloop_bookkeeping()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "a");
        app.Write("wwwroot/index.html", "<html/>");
        app.Write(".devloop/stage/x/App.dll", "staged");

        var reply = ManifestCommand.Run(app.Path);

        Assert.True(reply.Ok);
        Assert.Equal("in-place", reply.Mode);
        Assert.Equal("none", reply.Generation);
        Assert.Equal(new[] { "App.dll", "wwwroot/index.html" }, reply.Files!.Keys.Order());
        Assert.Equal(PayloadBuilder.Sha("a"), reply.Files["App.dll"]);
    }
}
