using DevLoop.Testing;

namespace DevLoop.EndToEnd.Tests;

/// <summary>
/// Packs DevLoop.Build and DevLoop.Tool into nuget/ once per run, with a version of their own, so the
/// tests consume exactly what users get and never a copy left in a package cache.
/// </summary>
public sealed class PackedPackages : IAsyncLifetime
{
    public string Version { get; } = "0.0.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "." + Random.Shared.Next(1000, 9999);

    public string Feed => Path.Combine(RepoPaths.Root, "nuget");

    public async Task InitializeAsync()
    {
        await Docker.EnsureReadyAsync();
        // Built under a private artifacts folder, so packing never rewrites the outputs other test projects are using.
        var artifacts = Path.Combine(Path.GetTempPath(), "devloop-pack-" + Version);
        foreach (var project in new[] { "src/DevLoop.Build.Tasks", "src/DevLoop.Cli" })
        {
            (await Run.DotNetAsync(new[] { "pack", Path.Combine(RepoPaths.Root, project), "-c", "Release", "-nologo", "-v:q", "-p:DevLoopVersionOverride=" + Version, "--artifacts-path", artifacts }, RepoPaths.Root, timeout: TimeSpan.FromMinutes(5)))
                .EnsureSuccess("packing " + project);
        }
    }

    public Task DisposeAsync()
    {
        var artifacts = Path.Combine(Path.GetTempPath(), "devloop-pack-" + Version);
        if (Directory.Exists(artifacts))
        {
            Directory.Delete(artifacts, recursive: true);
        }

        foreach (var file in Directory.GetFiles(Feed, "*" + Version + ".nupkg"))
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }
}
