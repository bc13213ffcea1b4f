using DevLoop.Testing;

namespace DevLoop.Bench;

/// <summary>A copy of tests/assets/SampleWeb wired to this repository's fresh tasks and agent builds.</summary>
internal sealed class BenchProject
{
    public BenchProject(string dir)
    {
        Dir = dir;
        CopyTree(RepoPaths.Asset("SampleWeb"), dir);
        SetMessage("v1");
    }

    public string Dir { get; }

    public string OutputDir => Path.Combine(Dir, "bin", "Debug", "net10.0");

    public string[] Properties =>
    [
        "-p:DevLoopRepoRoot=" + RepoPaths.Root + "/",
        "-p:DevLoopAgentDir=" + RepoPaths.AgentDir,
        "-p:DevLoopHostAssembly=" + RepoPaths.TasksHostAssembly,
    ];

    public void SetMessage(string message) =>
        File.WriteAllText(Path.Combine(Dir, "Message.cs"), $"static class Message {{ public const string Text = \"{message}\"; }}\n");

    /// <summary>The message in a property's body rather than a constant: an edit hot reload applies.</summary>
    public void SetMessageBody(string message) =>
        File.WriteAllText(Path.Combine(Dir, "Message.cs"), $"static class Message\n{{\n    public static string Text\n    {{\n        get {{ return \"{message}\"; }}\n    }}\n}}\n");

    /// <summary>
    /// The message beside a field whose type is int or long: changing that type is an edit no delta
    /// carries (in DevLoop and in `dotnet watch` alike), so the app restarts with new code.
    /// </summary>
    public void SetMessageWithField(string message, int revision) =>
        File.WriteAllText(Path.Combine(LibraryDir ?? Dir, "Message.cs"), $"{(LibraryDir is null ? string.Empty : "public ")}static class Message\n{{\n    public static {(revision % 2 == 0 ? "int" : "long")} Revision = {revision};\n\n    public static string Text\n    {{\n        get {{ return \"{message}-\" + Revision; }}\n    }}\n}}\n");

    /// <summary>The class library beside the app that holds Message (<see cref="UseLibrary"/>), or null.</summary>
    public string? LibraryDir { get; private set; }

    /// <summary>
    /// Message moves into a class library the app references, so that its edits are a referenced
    /// project's: a field's type changes the library's reference assembly, so the app compiles again too.
    /// </summary>
    public void UseLibrary()
    {
        LibraryDir = Dir + "-lib";
        Directory.CreateDirectory(LibraryDir);
        File.WriteAllText(Path.Combine(LibraryDir, "BenchLib.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n");
        File.Delete(Path.Combine(Dir, "Message.cs"));
        var project = Directory.EnumerateFiles(Dir, "*.csproj").Single();
        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>", $"  <ItemGroup>\n    <ProjectReference Include=\"{LibraryDir}/BenchLib.csproj\" />\n  </ItemGroup>\n</Project>", StringComparison.Ordinal));
    }

    /// <summary>Message comes from the class library another bench project made (<see cref="UseLibrary"/>): two apps share it.</summary>
    public void UseLibraryOf(BenchProject other)
    {
        LibraryDir = other.LibraryDir ?? throw new InvalidOperationException("the other project has no library");
        File.Delete(Path.Combine(Dir, "Message.cs"));
        var project = Directory.EnumerateFiles(Dir, "*.csproj").Single();
        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>", $"  <ItemGroup>\n    <ProjectReference Include=\"{LibraryDir}/BenchLib.csproj\" />\n  </ItemGroup>\n</Project>", StringComparison.Ordinal));
    }

    /// <summary>The project file renamed (a solution takes each name once), its assembly still SampleWeb.dll.</summary>
    public void RenameProject(string name)
    {
        var project = Directory.EnumerateFiles(Dir, "*.csproj").Single();
        File.WriteAllText(Path.Combine(Dir, name + ".csproj"), File.ReadAllText(project).Replace("</PropertyGroup>", "<AssemblyName>SampleWeb</AssemblyName>\n  </PropertyGroup>", StringComparison.Ordinal));
        File.Delete(project);
    }

    /// <summary>Settings in the project file itself, as each service of a solution keeps its own target.</summary>
    public void SetProperties(string properties)
    {
        var project = Directory.EnumerateFiles(Dir, "*.csproj").Single();
        File.WriteAllText(project, File.ReadAllText(project).Replace("</PropertyGroup>", properties + "\n  </PropertyGroup>", StringComparison.Ordinal));
    }

    /// <summary>The same app without DevLoop: a plain web project, as `dotnet watch` users have it.</summary>
    public void WithoutDevLoop() =>
        File.WriteAllText(Path.Combine(Dir, "SampleWeb.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);

    public Task<ProcessResult> BuildAsync(params string[] extra) =>
        Run.DotNetAsync(new[] { "build", Dir, "-nologo", "-v:q" }.Concat(Properties).Concat(extra), Dir);

    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)), overwrite: true);
        }
    }
}
