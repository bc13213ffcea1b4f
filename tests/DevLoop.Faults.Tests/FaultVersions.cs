using System.Security.Cryptography;
using DevLoop.Testing;

namespace DevLoop.Faults.Tests;

/// <summary>
/// Three builds of the sample app, v1, v2 and v3, each with 16 MiB of its own random bytes beside it, so a
/// transfer lasts long enough to be cut in the middle and every file tells which version it is of.
/// </summary>
public sealed class FaultVersions : IAsyncLifetime
{
    public const string Ballast = "ballast.bin";
    public const int BallastBytes = 16 * 1024 * 1024;

    private readonly TempDirectory _dir = new("devloop-faults");

    public string V1 { get; private set; } = string.Empty;

    public string V2 { get; private set; } = string.Empty;

    /// <summary>A third content, for two copies of a project syncing different code at once.</summary>
    public string V3 { get; private set; } = string.Empty;

    /// <summary>The app in /app at v1, for pods and read-only containers.</summary>
    public string Image { get; private set; } = string.Empty;

    /// <summary>The files whose content differs between the versions, with their hash in each (v1 first).</summary>
    public IReadOnlyDictionary<string, string[]> Differing { get; private set; } = new Dictionary<string, string[]>();

    public string Combine(params string[] parts) => _dir.Combine(parts);

    public async Task InitializeAsync()
    {
        await Testing.Docker.EnsureReadyAsync();
        V1 = await SampleApp.BuildAsync(_dir.Combine("a"), "v1");
        V2 = await SampleApp.BuildAsync(_dir.Combine("a"), "v2");
        V3 = await SampleApp.BuildAsync(_dir.Combine("a"), "v3");
        var outputs = new[] { V1, V2, V3 };
        foreach (var output in outputs)
        {
            File.WriteAllBytes(Path.Combine(output, Ballast), RandomNumberGenerator.GetBytes(BallastBytes));
        }

        Differing = Directory.EnumerateFiles(V2, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(V2, f))
            .Select(f => (File: f, Hashes: outputs.Select(o => Hash(Path.Combine(o, f))).ToArray()))
            .Where(f => f.Hashes.Distinct().Count() > 1)
            .ToDictionary(f => f.File, f => f.Hashes);
        Image = await Testing.Docker.BakeImageAsync(Testing.Docker.StockImage, V1);
    }

    public async Task DisposeAsync()
    {
        await Testing.Docker.RunAsync("rmi", "-f", Image);
        _dir.Dispose();
    }

    private static string Hash(string path) => File.Exists(path) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))) : "(none)";
}
