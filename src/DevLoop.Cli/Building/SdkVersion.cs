using System.Text;

namespace DevLoop.Cli.Building;

/// <summary>The SDK a project builds with: what `dotnet --version` reports in its folder, global.json respected.</summary>
internal static class SdkVersion
{
    /// <summary>The version, or null when dotnet could not say (e.g. global.json names an SDK that is not installed).</summary>
    public static async Task<string?> OfAsync(string projectDir, CancellationToken cancellationToken)
    {
        var stdout = new StringBuilder();
        var exitCode = await ChildProcess.RunAsync(DotNetHost.Path, new[] { "--version" }, projectDir, (line, isError) =>
        {
            if (!isError)
            {
                stdout.AppendLine(line);
            }
        }, cancellationToken).ConfigureAwait(false);
        var version = stdout.ToString().Trim();
        return exitCode == 0 && version.Length > 0 ? version : null;
    }
}
