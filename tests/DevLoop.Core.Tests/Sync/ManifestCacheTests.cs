using DevLoop.Core.Sync;
using DevLoop.Testing;

namespace DevLoop.Core.Tests.Sync;

public sealed class ManifestCacheTests
{
    [Fact]
    public void Remembers_a_manifest_per_target_and_forgets_on_request()
    {
        using var dir = new TempDirectory();
        var cache = new ManifestCache(dir.Path);
        var manifest = new RemoteManifest("g7", new Dictionary<string, string> { ["App.dll"] = "h" });

        cache.Save("docker:abc", manifest);

        Assert.Equal("g7", cache.TryLoad("docker:abc")!.Generation);
        Assert.Null(cache.TryLoad("docker:other"));
        cache.Forget("docker:abc");
        Assert.Null(cache.TryLoad("docker:abc"));
    }
}
