using DevLoop.Cli.Building;
using DevLoop.Testing;

namespace DevLoop.Cli.Tests.Building;

/// <summary>Which Roslyn hot reload loads: the SDK's own compiler when it can, else the copy the tool carries.</summary>
public sealed class CompilerAssembliesTests : IDisposable
{
    private static readonly Version Required = new(5, 9, 0, 0);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_sdks_own_compiler_is_taken_when_this_runtime_runs_it_and_it_is_new_enough()
    {
        var choice = CompilerAssemblies.Choose(InstalledSdk(), "/tool/roslyn", Required, Environment.Version.Major);

        Assert.True(choice.FromSdk, choice.Reason);
        Assert.Equal(Path.Combine(InstalledSdk(), "Roslyn", "bincore"), choice.Folder);
    }

    [Theory]
    [InlineData("older", "older than DevLoop needs")]
    [InlineData("newer runtime", "newer .NET")]
    [InlineData("no compiler", "has no compiler")]
    [InlineData("unknown", "not known")]
    public void Otherwise_the_tools_own_copy_is_taken_and_the_reason_says_why(string situation, string why)
    {
        var (sdk, required, runtime) = situation switch
        {
            "older" => (InstalledSdk(), new Version(99, 0, 0, 0), Environment.Version.Major),
            "newer runtime" => (InstalledSdk(), Required, 8),
            "no compiler" => (_dir.Path, Required, Environment.Version.Major),
            _ => ((string?)null, Required, Environment.Version.Major),
        };

        var choice = CompilerAssemblies.Choose(sdk, "/tool/roslyn", required, runtime);

        Assert.False(choice.FromSdk);
        Assert.Equal("/tool/roslyn", choice.Folder);
        Assert.Contains(why, choice.Reason);
    }

    /// <summary>The SDK that runs these tests (its compiler is the one the tests' builds use).</summary>
    private static string InstalledSdk()
    {
        var root = Path.GetDirectoryName(Path.GetDirectoryName(typeof(object).Assembly.Location)!)!;
        var sdks = Path.Combine(root, "..", "..", "sdk");
        return Directory.GetDirectories(sdks).Where(d => Directory.Exists(Path.Combine(d, "Roslyn", "bincore"))).OrderBy(d => d, StringComparer.Ordinal).Last();
    }
}
