using System.Diagnostics;
using DevLoop.Cli.Output;

namespace DevLoop.Cli.Building;

/// <summary>Runs `dotnet build -t:DeployDev`: the same build, sync and restart as the MSBuild entry point.</summary>
internal sealed class ProjectBuilder
{
    private readonly string _project;
    private readonly IReadOnlyList<string> _propertyArguments;
    private readonly ConsoleOutput _output;
    private readonly HashSet<string> _devLoopWarningsShown = new(StringComparer.Ordinal);

    public ProjectBuilder(string project, IEnumerable<string> propertyArguments, ConsoleOutput output)
    {
        _project = project;
        _propertyArguments = propertyArguments.ToList();
        _output = output;
    }

    public async Task<BuildOutcome> DeployAsync(bool restore, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "build", _project, "-t:DeployDev", "-nologo", "-v:m", "-clp:NoSummary" };
        if (!restore)
        {
            arguments.Add("--no-restore");
        }

        arguments.AddRange(_propertyArguments);
        var errors = 0;
        var watch = Stopwatch.StartNew();
        var exitCode = await ChildProcess.RunAsync(DotNetHost.Path, arguments, Path.GetDirectoryName(_project)!, (line, isError) =>
        {
            if (line.Contains(": error ", StringComparison.Ordinal))
            {
                errors++;
            }

            if (ShouldShow(line))
            {
                _output.Raw(line);
            }
        }, cancellationToken).ConfigureAwait(false);
        return new BuildOutcome(exitCode == 0, errors, watch.Elapsed);
    }

    private bool ShouldShow(string line)
    {
        if (_output.Verbose || line.Contains(": error ", StringComparison.Ordinal) || line.TrimStart().StartsWith("DevLoop:", StringComparison.Ordinal))
        {
            return true;
        }

        // DevLoop's own warnings (a GitOps-managed workload, the tar fallback) say the same on every
        // save; once per session is enough. Compiler warnings keep showing, as in dotnet build.
        return line.Contains(": warning ", StringComparison.Ordinal)
            && (!line.Contains(": warning DL", StringComparison.Ordinal) || _devLoopWarningsShown.Add(line.Trim()));
    }
}

internal sealed record BuildOutcome(bool Succeeded, int Errors, TimeSpan Elapsed);
