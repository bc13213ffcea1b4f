using System.Text.Json;
using DevLoop.Core.Errors;

namespace DevLoop.Cli.Building;

/// <summary>The evaluated DevLoop settings of a project, read with `dotnet msbuild -getProperty`.</summary>
internal sealed record ProjectProperties(IReadOnlyDictionary<string, string> Values)
{
    public static readonly string[] Names =
    {
        "DevLoopTarget", "DevLoopContainer", "DevLoopLocalDir", "DevLoopStateDir", "DevLoopAppDir",
        "DevLoopWatchInclude", "DevLoopWatchExclude", "TargetFileName", "OutputType", "ProjectDir", "DevLoopIncludeAgent",
        "TargetDir", "DevLoopStaticDir", "DevLoopKubeconfig", "DevLoopContext", "DevLoopNamespace", "DevLoopSelector",
        "DevLoopWorkload", "DevLoopAllowedContexts", "DevLoopReadyTimeout",
    };

    public string Get(string name) => Values.TryGetValue(name, out var value) ? value : string.Empty;

    public string Target => Get("DevLoopTarget").Trim().ToLowerInvariant() is { Length: > 0 } t ? t : "local";

    /// <summary>Restores first: before that, a package's build files are not imported and its properties are empty.</summary>
    public static async Task<ProjectProperties> ReadAsync(string project, IEnumerable<string> propertyArguments, CancellationToken cancellationToken)
    {
        var restoreOutput = new System.Text.StringBuilder();
        var restore = new List<string> { "restore", project, "-nologo", "-v:q" };
        restore.AddRange(propertyArguments);
        if (await ChildProcess.RunAsync(DotNetHost.Path, restore, Path.GetDirectoryName(project)!, (line, _) => restoreOutput.AppendLine(line), cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new DevLoopException(ErrorCodes.BuildFailed, $"Restoring '{project}' failed: {restoreOutput}".Trim());
        }

        var properties = await EvaluateAsync(project, propertyArguments, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(properties.Get("DevLoopStateDir")))
        {
            throw new DevLoopException(ErrorCodes.NotUsingDevLoopBuild, $"'{Path.GetFileName(project)}' does not use DevLoop.Build, so it has nothing for DevLoop to sync. Add it: dotnet add {Path.GetFileName(project)} package DevLoop.Build");
        }

        return properties;
    }

    private static async Task<ProjectProperties> EvaluateAsync(string project, IEnumerable<string> propertyArguments, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "msbuild", project, "-nologo" };
        arguments.AddRange(Names.Select(n => "-getProperty:" + n));
        arguments.AddRange(propertyArguments);
        var stdout = new System.Text.StringBuilder();
        var stderr = new System.Text.StringBuilder();
        var exitCode = await ChildProcess.RunAsync(DotNetHost.Path, arguments, Path.GetDirectoryName(project)!, (line, isError) => (isError ? stderr : stdout).AppendLine(line), cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new DevLoopException(ErrorCodes.BuildFailed, $"Could not read the settings of '{project}': {stdout}{stderr}".Trim());
        }

        using var json = JsonDocument.Parse(stdout.ToString());
        var values = json.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        return new ProjectProperties(values);
    }
}
