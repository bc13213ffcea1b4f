using System.Diagnostics;
using DevLoop.Cli.Output;

namespace DevLoop.Cli.Building;

/// <summary>
/// A plain `dotnet build` child process per build (no DeployDev: the tool syncs in process); its
/// errors and warnings are picked out of its output and shown once each, in the project's terms.
/// </summary>
internal sealed class ChildProcessBuild : IProjectBuild
{
    private readonly string _project;
    private readonly IReadOnlyDictionary<string, string> _properties;
    private readonly IReadOnlyList<string> _propertyArguments;
    private readonly ConsoleOutput _output;
    private readonly BuildGate _gate;

    /// <param name="gate">Taken for each build and read of the compiler's arguments (a new one when nothing else builds).</param>
    public ChildProcessBuild(string project, IReadOnlyDictionary<string, string> properties, ConsoleOutput output, BuildGate? gate = null)
    {
        _gate = gate ?? new BuildGate();
        _project = project;
        _properties = properties;
        _propertyArguments = properties.Select(p => $"-p:{p.Key}={p.Value}").ToList();
        _output = output;
    }

    public async Task<BuildOutcome> BuildAsync(bool restore, CancellationToken cancellationToken)
    {
        using var turn = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        var arguments = new List<string> { "build", _project, "-nologo", "-v:q", "-clp:NoSummary" };
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

    public async Task<CompilerArgumentsRead> CompilerArgumentsAsync(ReferencedProject? referenced, CancellationToken cancellationToken)
    {
        using var turn = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        var project = referenced?.Project ?? _project;
        var arguments = new List<string> { "msbuild", project, "-nologo", "-t:" + CompilerArguments.Target, "-getItem:" + CompilerArguments.Item, "-getItem:" + ReferencedProject.Item };
        arguments.AddRange(referenced is null ? _propertyArguments : referenced.Properties.Select(p => $"-p:{p.Key}={p.Value}"));
        arguments.AddRange(CompilerArguments.Properties.Select(p => $"-p:{p.Key}={p.Value}"));
        var stdout = new System.Text.StringBuilder();
        var exitCode = await ChildProcess.RunAsync(DotNetHost.Path, arguments, Path.GetDirectoryName(project)!, (line, isError) =>
        {
            if (!isError)
            {
                stdout.AppendLine(line);
            }
        }, cancellationToken).ConfigureAwait(false);
        var json = stdout.ToString();
        return exitCode == 0 && json.IndexOf('{') is var start and >= 0
            ? CompilerArguments.FromJson(json[start..], referenced?.Properties ?? _properties)
            : CompilerArgumentsRead.Failed($"'dotnet msbuild' exited with {exitCode}");
    }

    public void ProjectFilesChanged()
    {
        // Every build is a new process that reads the project from disk.
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
