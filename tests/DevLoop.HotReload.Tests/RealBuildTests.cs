using DevLoop.Compiler;
using System.Text.Json.Nodes;
using DevLoop.Testing;

namespace DevLoop.HotReload.Tests;

/// <summary>
/// A fresh `dotnet new web` app built by the SDK: its real compiler arguments (with the web SDK's
/// source generators) and its real DLL and PDB give a delta for a body edit.
/// </summary>
public sealed class RealBuildTests
{
    [Fact]
    public async Task A_web_apps_own_build_arguments_and_output_give_a_delta_for_a_body_edit()
    {
        using var dir = new TempDirectory();
        var project = dir.Combine("web");
        (await Run.DotNetAsync(new[] { "new", "web", "-o", project, "-n", "Web" }, dir.Path)).EnsureSuccess("dotnet new web");
        var greeter = "public static class Greeter\n{\n    public static string Text()\n    {\n        return \"v1\";\n    }\n}\n";
        File.WriteAllText(Path.Combine(project, "Greeter.cs"), greeter);
        var build = (await Run.DotNetAsync(new[] { "build", project, "-nologo", "-t:Build", "-p:ProvideCommandLineArgs=true", "-getItem:CscCommandLineArgs" }, project)).EnsureSuccess("dotnet build");
        var arguments = JsonNode.Parse(build.Stdout[build.Stdout.IndexOf('{')..])!["Items"]!["CscCommandLineArgs"]!.AsArray().Select(i => i!["Identity"]!.GetValue<string>()).ToList();
        var output = Path.Combine(project, "bin", "Debug", $"net{Environment.Version.Major}.0");

        using var session = DeltaSession.Open(BuildCompilation.Parse(arguments, project), Path.Combine(output, "Web.dll"), Path.Combine(output, "Web.pdb"));
        File.WriteAllText(Path.Combine(project, "Greeter.cs"), greeter.Replace("\"v1\"", "\"v2\""));
        var result = session.Update(File.ReadAllBytes);

        Assert.Empty(result.CompileErrors);
        Assert.Null(result.RestartReason);
        Assert.NotNull(result.Update);
        Assert.Equal(1, result.EditCount);
    }
}
