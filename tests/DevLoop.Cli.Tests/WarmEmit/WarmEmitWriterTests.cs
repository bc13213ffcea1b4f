using DevLoop.Cli.Building;
using DevLoop.Core.Compiling;
using DevLoop.Testing;

namespace DevLoop.Cli.Tests.WarmEmit;

/// <summary>The warm emit's files go where the build puts them, so that the next build keeps them.</summary>
public sealed class WarmEmitWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_compilers_outputs_the_copied_reference_and_the_output_folder_are_written_with_the_same_times()
    {
        var obj = Directory.CreateDirectory(_dir.Combine("obj")).FullName;
        var bin = Directory.CreateDirectory(_dir.Combine("bin")).FullName;
        Directory.CreateDirectory(Path.Combine(obj, "refint"));
        Directory.CreateDirectory(Path.Combine(obj, "ref"));
        File.WriteAllBytes(Path.Combine(obj, "ref", "App.dll"), new byte[] { 0 });
        File.WriteAllBytes(Path.Combine(bin, "App.pdb"), new byte[] { 0 });
        var files = new WarmEmitFiles(Path.Combine(obj, "App.dll"), Path.Combine(obj, "App.pdb"), Path.Combine(obj, "refint", "App.dll"), Path.Combine(obj, "App.xml"));
        var output = new WarmEmitOutput(new byte[] { 1 }, new byte[] { 2 }, new byte[] { 3 }, new byte[] { 4 }, Array.Empty<string>());

        WarmEmitWriter.Write(files, output, bin);

        Assert.Equal(new byte[] { 1 }, File.ReadAllBytes(Path.Combine(obj, "App.dll")));
        Assert.Equal(new byte[] { 2 }, File.ReadAllBytes(Path.Combine(obj, "App.pdb")));
        Assert.Equal(new byte[] { 3 }, File.ReadAllBytes(Path.Combine(obj, "refint", "App.dll")));
        Assert.Equal(new byte[] { 3 }, File.ReadAllBytes(Path.Combine(obj, "ref", "App.dll")));
        Assert.Equal(new byte[] { 4 }, File.ReadAllBytes(Path.Combine(obj, "App.xml")));
        Assert.Equal(new byte[] { 1 }, File.ReadAllBytes(Path.Combine(bin, "App.dll")));
        Assert.Equal(new byte[] { 2 }, File.ReadAllBytes(Path.Combine(bin, "App.pdb")));
        Assert.Equal(File.GetLastWriteTimeUtc(Path.Combine(obj, "App.dll")), File.GetLastWriteTimeUtc(Path.Combine(bin, "App.dll")));

        // The build copies documentation only when asked to (it was not there), and nothing is left half-written.
        Assert.False(File.Exists(Path.Combine(bin, "App.xml")));
        Assert.Empty(Directory.EnumerateFiles(_dir.Path, "*.devloop-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void After_a_write_that_failed_part_way_the_next_build_compiles_again()
    {
        var dll = _dir.Combine("App.dll");
        File.WriteAllBytes(dll, new byte[] { 1 });
        WarmEmitWriter.MarkStale(new WarmEmitFiles(dll, _dir.Combine("App.pdb"), null, null));
        Assert.True(File.GetLastWriteTimeUtc(dll) < new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    }
}
