using System.Diagnostics;
using DevLoop.Cli.Output;

namespace DevLoop.Cli.Building;

/// <summary>
/// Runs a plain `dotnet build` of the project (no DeployDev: the tool syncs in process) and shows
/// its errors and warnings once each, in the project's terms.
/// </summary>
internal sealed class ProjectBuilder
{
    private readonly string _project;
    private readonly IReadOnlyList<string> _propertyArguments;
    private readonly ConsoleOutput _output;

    public ProjectBuilder(string project, IEnumerable<string> propertyArguments, ConsoleOutput output)
    {
        _project = project;
        _propertyArguments = propertyArguments.ToList();
        _output = output;
    }

    public async Task<BuildOutcome> BuildAsync(bool restore, CancellationToken cancellationToken)
    {
        // DevLoopDeployOnBuild would make the build sync too: watch and sync do that themselves, once.
        var arguments = new List<string> { "build", _project, "-nologo", "-v:q", "-clp:NoSummary", "-p:DevLoopDeployOnBuild=false" };
        if (!restore)
        {
            arguments.Add("--no-restore");
        }

        arguments.AddRange(_propertyArguments);
        var diagnostics = new BuildDiagnostics(Path.GetDirectoryName(_project)!);
        var watch = Stopwatch.StartNew();
        var exitCode = await ChildProcess.RunAsync(DotNetHost.Path, arguments, Path.GetDirectoryName(_project)!, (line, _) =>
        {
            if (diagnostics.Add(line) is { } shown)
            {
                _output.Raw(shown);
            }
            else if (_output.Verbose)
            {
                _output.Raw(line);
            }
        }, cancellationToken).ConfigureAwait(false);
        return new BuildOutcome(exitCode == 0, diagnostics.Errors, watch.Elapsed);
    }
}

internal sealed record BuildOutcome(bool Succeeded, int Errors, TimeSpan Elapsed);
