namespace DevLoop.Testing;

/// <summary>
/// Builds tests/assets/SampleWeb with a chosen message. It imports DevLoop.Build's props and targets
/// straight from build/, pointed at this repository's fresh agent build, so the output carries the
/// agent and its startup hook exactly as a package consumer's would.
/// </summary>
public static class SampleApp
{
    public const string Assembly = "SampleWeb.dll";

    public static async Task<string> BuildAsync(string workDir, string message, bool includeAgent = true, string framework = "net10.0")
    {
        var projectDir = Path.Combine(workDir, "src");
        CopyTree(RepoPaths.Asset("SampleWeb"), projectDir);
        var csproj = Path.Combine(projectDir, "SampleWeb.csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("<TargetFramework>net10.0</TargetFramework>", $"<TargetFramework>{framework}</TargetFramework>"));
        File.WriteAllText(Path.Combine(projectDir, "Message.cs"), $"static class Message {{ public const string Text = \"{message}\"; }}\n");
        var output = Path.Combine(workDir, "out-" + Guid.NewGuid().ToString("N")[..6]);
        (await Run.DotNetAsync(new[]
        {
            "build", projectDir, "-nologo", "-v:q", "-o", output,
            "-p:DevLoopRepoRoot=" + RepoPaths.Root + "/",
            "-p:DevLoopAgentDir=" + RepoPaths.AgentDir,
            "-p:DevLoopIncludeAgent=" + (includeAgent ? "true" : "false"),
        })).EnsureSuccess("building the sample app");
        return output;
    }

    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)), overwrite: true);
        }

        foreach (var dir in Directory.EnumerateDirectories(source).Where(d => Path.GetFileName(d) is not ("bin" or "obj")))
        {
            CopyTree(dir, Path.Combine(destination, Path.GetFileName(dir)));
        }
    }
}
