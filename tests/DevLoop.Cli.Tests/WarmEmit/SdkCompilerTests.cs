using DevLoop.Cli.Building;
using DevLoop.Testing;

namespace DevLoop.Cli.Tests.WarmEmit;

/// <summary>Which SDK compiler the warm emit may run on: one whose PDBs could be the build's.</summary>
public sealed class SdkCompilerTests : IDisposable
{
    private readonly TempDirectory _sdk = new();

    public void Dispose() => _sdk.Dispose();

    [Fact]
    public void The_compiler_of_an_sdk_that_runs_on_another_dotnet_is_refused_with_the_reason()
    {
        WriteCompiler("net8.0");
        var (compiler, why) = SdkCompiler.At(_sdk.Path, runtimeMajor: 10);
        Assert.Null(compiler);
        Assert.Equal("the SDK's compiler runs on .NET 8 and this tool on .NET 10, and every PDB records the runtime its compiler ran on", why);
    }

    [Fact]
    public void An_sdk_without_a_compiler_is_refused()
    {
        var (compiler, why) = SdkCompiler.At(_sdk.Path, runtimeMajor: 10);
        Assert.Null(compiler);
        Assert.StartsWith("the SDK has no compiler in ", why);
    }

    private void WriteCompiler(string tfm)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_sdk.Path, "Roslyn", "bincore")).FullName;
        File.WriteAllText(Path.Combine(folder, "Microsoft.CodeAnalysis.dll"), string.Empty);
        File.WriteAllText(Path.Combine(folder, "Microsoft.CodeAnalysis.CSharp.dll"), string.Empty);
        File.WriteAllText(Path.Combine(folder, "csc.runtimeconfig.json"), "{\"runtimeOptions\":{\"tfm\":\"" + tfm + "\"}}");
    }
}
