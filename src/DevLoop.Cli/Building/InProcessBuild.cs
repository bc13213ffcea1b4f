using System.Diagnostics;
using Microsoft.Build.Execution;

namespace DevLoop.Cli.Building;

/// <summary>
/// One project built with the SDK's MSBuild loaded in this process (MSBuildInstances registered it
/// first), through the watch's <see cref="InProcessBuildHost"/>: its builds join those the other
/// services ask for at the same time (<see cref="BuildTogether"/>), so one build makes them all.
/// </summary>
internal sealed class InProcessBuild : IProjectBuild
{
    private readonly string _project;
    private readonly IReadOnlyDictionary<string, string> _properties;
    private readonly Action<string> _show;
    private readonly bool _verbose;
    private readonly InProcessBuildHost _host;
    private readonly bool _ownsHost;

    /// <summary>A build with a host of its own (one project, nothing to build together with).</summary>
    public InProcessBuild(string project, IReadOnlyDictionary<string, string> properties, Action<string> show, bool verbose)
        : this(project, properties, show, verbose, new InProcessBuildHost(new BuildGate()), ownsHost: true)
    {
    }

    /// <param name="show">Shows a line of the build's output (an error or warning, worded once).</param>
    public InProcessBuild(string project, IReadOnlyDictionary<string, string> properties, Action<string> show, bool verbose, InProcessBuildHost host, bool ownsHost = false)
    {
        _project = project;
        _properties = properties;
        _show = show;
        _verbose = verbose;
        _host = host;
        _ownsHost = ownsHost;
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
            var logger = new BuildEventLogger(Path.GetDirectoryName(_project)!, _show, _verbose);
            var result = await _host.SubmitAsync(new BuildRequestData(_project, restoreProperties, null, new[] { "Restore" }, null), logger, cancellationToken).ConfigureAwait(false);
            _host.ProjectFilesChanged();
            var restored = Outcome(result, logger);
            if (!restored.Succeeded)
            {
                return restored with { Elapsed = watch.Elapsed };
            }
        }

        var build = new ProjectBuildRequest(this, new BuildEventLogger(Path.GetDirectoryName(_project)!, _show, _verbose));
        var built = await _host.Gate.Together.AskAsync<ProjectBuildRequest, BuildOutcome>(Path.GetFullPath(_project), build, BuildTogetherAsync, cancellationToken).ConfigureAwait(false);
        return built with { Elapsed = watch.Elapsed };
    }

    public async Task<CompilerArgumentsRead> CompilerArgumentsAsync(ReferencedProject? referenced, CancellationToken cancellationToken)
    {
        var project = referenced?.Project ?? _project;
        var logger = new BuildEventLogger(Path.GetDirectoryName(project)!, _ => { }, verbose: false);
        var request = new BuildRequestData(project, CompilerArguments.With(referenced?.Properties ?? _properties), null, new[] { CompilerArguments.Target }, null, BuildRequestDataFlags.ProvideProjectStateAfterBuild);
        var result = await _host.SubmitAsync(request, logger, cancellationToken).ConfigureAwait(false);
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

    public void ProjectFilesChanged() => _host.ProjectFilesChanged();

    public ValueTask DisposeAsync() => _ownsHost ? _host.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>The builds asked for together, in one session; each outcome names the other projects it was built with.</summary>
    private async Task<IReadOnlyList<BuildOutcome>> BuildTogetherAsync(IReadOnlyList<ProjectBuildRequest> builds, CancellationToken cancellationToken)
    {
        var requests = builds
            .Select(b => (new BuildRequestData(b.Build._project, b.Build._properties.ToDictionary(p => p.Key, p => (string?)p.Value), null, new[] { "Build" }, null), b.Logger))
            .ToList();
        var results = await _host.BuildTogetherAsync(requests, cancellationToken).ConfigureAwait(false);
        var names = builds.Select(b => Path.GetFileNameWithoutExtension(b.Build._project)).ToList();
        var outcomes = builds.Select((b, i) => b.Build.Outcome(results[i], b.Logger) with { BuiltWith = names.Where((_, j) => j != i).ToList() }).ToList();
        for (var i = 0; i < outcomes.Count; i++)
        {
            // A project they share failed: its errors were heard by the service whose build reached it first.
            var withErrors = names.Where((_, j) => outcomes[j].Errors > 0).ToList();
            if (!outcomes[i].Succeeded && outcomes[i].Errors == 0 && withErrors.Count > 0)
            {
                builds[i].Build._show($"{names[i]}: a project it references failed to build in the same build; its errors are shown under {string.Join(", ", withErrors)}.");
            }
        }

        return outcomes;
    }

    private BuildOutcome Outcome(BuildResult result, BuildEventLogger logger)
    {
        var succeeded = result.OverallResult == BuildResultCode.Success;
        if (!succeeded && logger.Errors == 0 && result.Exception is { } exception)
        {
            // MSBuild logs what it can; an exception it could not log is still the reason.
            _show($"{Path.GetFileName(_project)}: error: {exception.Message}");
        }

        return new BuildOutcome(succeeded, logger.Errors, TimeSpan.Zero);
    }

    private sealed record ProjectBuildRequest(InProcessBuild Build, BuildEventLogger Logger);
}
