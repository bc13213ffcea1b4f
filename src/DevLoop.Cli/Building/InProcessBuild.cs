using System.Diagnostics;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;

namespace DevLoop.Cli.Building;

/// <summary>
/// Builds with the SDK's MSBuild loaded in this process (MSBuildInstances registered it first), one
/// BuildManager and ProjectCollection kept for the session so that MSBuild, its JIT-compiled code and
/// the parsed imports stay warm: one in-proc node, no node reuse, so nothing outlives watch but the
/// compiler server, which `dotnet build` leaves too.
/// </summary>
internal sealed class InProcessBuild : IProjectBuild
{
    /// <summary>How long a cancelled build may take to stop its tasks before watch leaves without it.</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);

    private readonly string _project;
    private readonly IReadOnlyDictionary<string, string> _properties;
    private readonly Action<string> _show;
    private readonly bool _verbose;
    private readonly BuildManager _manager = new("devloop");
    private ProjectCollection _projects = new();
    private bool _abandoned;

    /// <param name="show">Shows a line of the build's output (an error or warning, worded once).</param>
    public InProcessBuild(string project, IReadOnlyDictionary<string, string> properties, Action<string> show, bool verbose)
    {
        _project = project;
        _properties = properties;
        _show = show;
        _verbose = verbose;
    }

    public async Task<BuildOutcome> BuildAsync(bool restore, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        if (restore)
        {
            // A separate request with its own evaluation, as `dotnet build` does: the build must see what restore wrote.
            var restoreProperties = new Dictionary<string, string?>(_properties.ToDictionary(p => p.Key, p => (string?)p.Value), StringComparer.OrdinalIgnoreCase)
            {
                ["MSBuildRestoreSessionId"] = Guid.NewGuid().ToString("D"),
                ["ExcludeRestorePackageImports"] = "true",
            };
            var restored = await RunAsync("Restore", restoreProperties, cancellationToken).ConfigureAwait(false);
            ProjectFilesChanged();
            if (!restored.Succeeded)
            {
                return restored with { Elapsed = watch.Elapsed };
            }
        }

        var built = await RunAsync("Build", _properties.ToDictionary(p => p.Key, p => (string?)p.Value), cancellationToken).ConfigureAwait(false);
        return built with { Elapsed = watch.Elapsed };
    }

    public async Task<CompilerArgumentsRead> CompilerArgumentsAsync(ReferencedProject? referenced, CancellationToken cancellationToken)
    {
        var project = referenced?.Project ?? _project;
        var logger = new BuildEventLogger(Path.GetDirectoryName(project)!, _ => { }, verbose: false);
        var request = new BuildRequestData(project, CompilerArguments.With(referenced?.Properties ?? _properties), null, new[] { CompilerArguments.Target }, null, BuildRequestDataFlags.ProvideProjectStateAfterBuild);
        var result = await SubmitAsync(Parameters(logger), request, cancellationToken).ConfigureAwait(false);
        if (result.OverallResult != BuildResultCode.Success || result.ProjectStateAfterBuild is not { } state)
        {
            return CompilerArgumentsRead.Failed(result.Exception?.Message ?? $"reading them failed with {logger.Errors} errors");
        }

        var arguments = state.GetItems(CompilerArguments.Item).Select(i => i.EvaluatedInclude).ToList();
        var references = state.GetItems(ReferencedProject.Item)
            .Select(i => ReferencedProject.From(i.EvaluatedInclude, i.GetMetadataValue, referenced?.Properties ?? _properties))
            .OfType<ReferencedProject>()
            .ToList();
        return new CompilerArgumentsRead(arguments, references, null);
    }

    public void ProjectFilesChanged()
    {
        // The collection holds the parsed project and import files; a new one reads them from disk again.
        _projects.Dispose();
        _projects = new ProjectCollection();
    }

    public ValueTask DisposeAsync()
    {
        if (!_abandoned)
        {
            _manager.Dispose();
        }

        _projects.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<BuildOutcome> RunAsync(string target, Dictionary<string, string?> properties, CancellationToken cancellationToken)
    {
        var logger = new BuildEventLogger(Path.GetDirectoryName(_project)!, _show, _verbose);
        var request = new BuildRequestData(_project, properties, null, new[] { target }, null);
        var result = await SubmitAsync(Parameters(logger), request, cancellationToken).ConfigureAwait(false);
        var succeeded = result.OverallResult == BuildResultCode.Success;
        if (!succeeded && logger.Errors == 0 && result.Exception is { } exception)
        {
            // MSBuild logs what it can; an exception it could not log is still the reason.
            _show($"{Path.GetFileName(_project)}: error: {exception.Message}");
        }

        return new BuildOutcome(succeeded, logger.Errors, TimeSpan.Zero);
    }

    private BuildParameters Parameters(ILogger logger) => new(_projects)
    {
        Loggers = new[] { logger },
        MaxNodeCount = 1,
        EnableNodeReuse = false,
    };

    private async Task<BuildResult> SubmitAsync(BuildParameters parameters, BuildRequestData request, CancellationToken cancellationToken)
    {
        if (_abandoned)
        {
            throw new InvalidOperationException("A cancelled in-process build did not stop; this build session cannot build again.");
        }

        var done = new TaskCompletionSource<BuildResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _manager.BeginBuild(parameters);
        BuildResult result;
        try
        {
            var submission = _manager.PendBuildRequest(request);
            submission.ExecuteAsync(s => done.TrySetResult(s.BuildResult!), null);
            using (cancellationToken.Register(() => _manager.CancelAllSubmissions()))
            {
                result = await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // CancelAllSubmissions asked the running task (the compiler, a child process) to stop; wait a
            // little for it, then leave without it rather than keep watch from stopping.
            var ending = Task.Run(_manager.EndBuild, CancellationToken.None);
            if (await Task.WhenAny(ending, Task.Delay(StopWait, CancellationToken.None)).ConfigureAwait(false) == ending)
            {
                await ending.ConfigureAwait(false);
            }
            else
            {
                _abandoned = true;
            }

            throw;
        }
        catch
        {
            await Task.Run(_manager.EndBuild, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        // EndBuild waits for the submission, which has completed: it only tidies up, off the caller's thread.
        await Task.Run(_manager.EndBuild, CancellationToken.None).ConfigureAwait(false);
        return result;
    }
}
