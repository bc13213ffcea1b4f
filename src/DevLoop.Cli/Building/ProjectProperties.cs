using System.Text.Json;
using DevLoop.Core.Errors;
using DevLoop.Targets.Settings;

namespace DevLoop.Cli.Building;

/// <summary>A project's DevLoop settings, evaluated by MSBuild (`dotnet msbuild -getProperty`) and read through the settings table.</summary>
internal static class ProjectProperties
{
    /// <summary>Restores first: before that, a package's build files are not imported and its properties are empty.</summary>
    public static async Task<DevLoopSettings> ReadAsync(string project, IEnumerable<string> propertyArguments, CancellationToken cancellationToken)
    {
        await RestoreAsync(project, propertyArguments, cancellationToken).ConfigureAwait(false);
        var values = await EvaluateAsync(project, propertyArguments, Array.Empty<string>(), cancellationToken).ConfigureAwait(false);
        if (!UsesDevLoop(values))
        {
            throw new DevLoopException(ErrorCodes.NotUsingDevLoopBuild, $"'{Path.GetFileName(project)}' does not use DevLoop.Build, so it has nothing for DevLoop to sync. Add it: dotnet add {Path.GetFileName(project)} package DevLoop.Build");
        }

        return DevLoopSettings.From(values);
    }

    /// <summary>Restores a project or a whole solution (each project once).</summary>
    public static async Task RestoreAsync(string projectOrSolution, IEnumerable<string> propertyArguments, CancellationToken cancellationToken)
    {
        var restoreOutput = new System.Text.StringBuilder();
        var restore = new List<string> { "restore", projectOrSolution, "-nologo", "-v:q" };
        restore.AddRange(propertyArguments);
        if (await ChildProcess.RunAsync(DotNetHost.Path, restore, Path.GetDirectoryName(projectOrSolution)!, (line, _) => restoreOutput.AppendLine(line), cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new DevLoopException(ErrorCodes.BuildFailed, $"Restoring '{projectOrSolution}' failed: {restoreOutput}".Trim());
        }
    }

    /// <summary>True when the evaluated project imports DevLoop.Build (which sets DevLoopStateDir).</summary>
    public static bool UsesDevLoop(IReadOnlyDictionary<string, string?> values) =>
        !string.IsNullOrEmpty(values.GetValueOrDefault(SettingsTable.StateDir.Property));

    /// <summary>Every setting's property, and <paramref name="more"/>, as MSBuild evaluates them (after a restore).</summary>
    public static async Task<Dictionary<string, string?>> EvaluateAsync(string project, IEnumerable<string> propertyArguments, IEnumerable<string> more, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "msbuild", project, "-nologo" };
        arguments.AddRange(SettingsTable.All.Select(s => s.Property).Concat(more).Select(p => "-getProperty:" + p));
        arguments.AddRange(propertyArguments);
        var stdout = new System.Text.StringBuilder();
        var stderr = new System.Text.StringBuilder();
        var exitCode = await ChildProcess.RunAsync(DotNetHost.Path, arguments, Path.GetDirectoryName(project)!, (line, isError) => (isError ? stderr : stdout).AppendLine(line), cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new DevLoopException(ErrorCodes.BuildFailed, $"Could not read the settings of '{project}': {stdout}{stderr}".Trim());
        }

        using var json = JsonDocument.Parse(stdout.ToString());
        return json.RootElement.GetProperty("Properties").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString(), StringComparer.OrdinalIgnoreCase);
    }
}
