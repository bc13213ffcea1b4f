using System.Text;
using System.Text.Json;
using DevLoop.Cli.Building;
using DevLoop.Core.Errors;
using DevLoop.Core.Watch;

namespace DevLoop.Cli.Watching;

/// <summary>
/// Asks the project what to watch: one `dotnet msbuild -getTargetResult:_DevLoopWatchItems` that lists the
/// items of the project and of its references (build/DevLoop.Watch.targets), with the session's -p: values.
/// </summary>
internal sealed class WatchFileSetReader
{
    private readonly string _project;
    private readonly IReadOnlyList<string> _propertyArguments;

    public WatchFileSetReader(string project, IEnumerable<string> propertyArguments)
    {
        _project = project;
        _propertyArguments = propertyArguments.ToList();
    }

    public async Task<WatchFileSet> ReadAsync(CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "msbuild", _project, "-nologo", "-t:" + WatchItemsJson.Target, "-getTargetResult:" + WatchItemsJson.Target };
        arguments.AddRange(_propertyArguments);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var exitCode = await ChildProcess.RunAsync(DotNetHost.Path, arguments, Path.GetDirectoryName(_project)!, (line, isError) => (isError ? stderr : stdout).AppendLine(line), cancellationToken).ConfigureAwait(false);
        var output = (stdout.ToString() + stderr).Trim();
        if (exitCode != 0)
        {
            throw new DevLoopException(ErrorCodes.WatchListUnreadable, Explain(output));
        }

        try
        {
            return WatchFileSet.FromItems(WatchItemsJson.Parse(stdout.ToString()));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new DevLoopException(ErrorCodes.WatchListUnreadable, $"Could not read which files of '{Path.GetFileName(_project)}' to watch: MSBuild answered something else than the expected list ({e.Message}).", e);
        }
    }

    private string Explain(string output)
    {
        var name = Path.GetFileName(_project);
        return output.Contains("MSB4057", StringComparison.Ordinal)
            ? $"'{name}' references a DevLoop.Build older than this tool (it has no {WatchItemsJson.Target} target). Update it: dotnet add {name} package DevLoop.Build"
            : $"Could not read which files of '{name}' to watch (the project does not evaluate): {output}";
    }
}
