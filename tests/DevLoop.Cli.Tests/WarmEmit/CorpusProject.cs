using System.Text.Json.Nodes;
using DevLoop.Cli.Building;
using DevLoop.Core.Compiling;
using DevLoop.Testing;

namespace DevLoop.Cli.Tests.WarmEmit;

/// <summary>A project made by `dotnet new` and built by the SDK, with its compiler's arguments from that build.</summary>
internal sealed class CorpusProject
{
    private CorpusProject(string dir, string name)
    {
        Dir = dir;
        Name = name;
    }

    public string Dir { get; }

    public string Name { get; }

    public string OutputDir => Path.Combine(Dir, "bin", "Debug", $"net{Environment.Version.Major}.0");

    public string ObjDir => Path.Combine(Dir, "obj", "Debug", $"net{Environment.Version.Major}.0");

    public IReadOnlyList<string> Arguments { get; private set; } = Array.Empty<string>();

    public static async Task<CorpusProject> NewAsync(string parent, string template, string name, params string[] options)
    {
        var dir = Path.Combine(parent, name);
        (await Run.DotNetAsync(new[] { "new", template, "-o", dir, "-n", name }.Concat(options), parent)).EnsureSuccess("dotnet new " + template);
        return new CorpusProject(dir, name);
    }

    public void Write(string file, string text) => File.WriteAllText(Path.Combine(Dir, file), text);

    public void Replace(string file, string from, string to)
    {
        var path = Path.Combine(Dir, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text);
        File.WriteAllText(path, text.Replace(from, to));
    }

    /// <summary>`dotnet build`, keeping the compiler's arguments it ran with.</summary>
    public async Task BuildAsync(params string[] extra)
    {
        var build = (await Run.DotNetAsync(new[] { "build", Dir, "-nologo", "-t:Build", "-p:ProvideCommandLineArgs=true", "-getItem:CscCommandLineArgs" }.Concat(extra), Dir)).EnsureSuccess("dotnet build");
        Arguments = JsonNode.Parse(build.Stdout[build.Stdout.IndexOf('{')..])!["Items"]!["CscCommandLineArgs"]!.AsArray().Select(i => i!["Identity"]!.GetValue<string>()).ToList();
    }

    /// <summary>A plain `dotnet build`, as a user runs it; its output (it fails when the code has errors).</summary>
    public Task<ProcessResult> PlainBuildAsync(params string[] extra) => Run.DotNetAsync(new[] { "build", Dir, "-nologo" }.Concat(extra), Dir);

    public async Task<IWarmEmitter> OpenEmitterAsync()
    {
        var (compiler, why) = await SdkCompiler.ForProjectAsync(Dir, CancellationToken.None);
        Assert.True(compiler is not null, why);
        return compiler!.OpenEmitter(Arguments, Dir);
    }

    /// <summary>The bytes of the build's outputs: obj's DLL, PDB, ref and refint, bin's DLL and PDB, the documentation files when it makes them, and the generated files it wrote.</summary>
    public IReadOnlyDictionary<string, byte[]> Outputs()
    {
        var documentation = new[] { Path.Combine(ObjDir, Name + ".xml"), Path.Combine(OutputDir, Name + ".xml") }.Where(File.Exists);
        var files = new[]
        {
            Path.Combine(ObjDir, Name + ".dll"), Path.Combine(ObjDir, Name + ".pdb"), Path.Combine(ObjDir, "ref", Name + ".dll"),
            Path.Combine(ObjDir, "refint", Name + ".dll"), Path.Combine(OutputDir, Name + ".dll"), Path.Combine(OutputDir, Name + ".pdb"),
        }.Concat(documentation);
        var generated = Path.Combine(ObjDir, "generated");
        var written = Directory.Exists(generated) ? Directory.EnumerateFiles(generated, "*", SearchOption.AllDirectories) : Enumerable.Empty<string>();
        return files.Concat(written).ToDictionary(f => Path.GetRelativePath(Dir, f), File.ReadAllBytes);
    }
}
