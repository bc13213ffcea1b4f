using DevLoop.Cli.Output;

namespace DevLoop.Cli.Building;

/// <summary>
/// Builds the project for watch and sync (a plain build, no DeployDev: the tool syncs in process) the
/// way <see cref="ProjectBuildFactory"/> chose on the first build, kept for the session; errors and
/// warnings shown once each, in the project's terms.
/// </summary>
internal sealed class ProjectBuilder : IAsyncDisposable
{
    private readonly string _project;
    private readonly IReadOnlyDictionary<string, string> _properties;
    private readonly ConsoleOutput _output;
    private readonly BuildGate _gate;
    private IProjectBuild? _way;
    private bool _builtOnce;

    public ProjectBuilder(string project, IReadOnlyDictionary<string, string> userProperties, ConsoleOutput output, BuildGate gate)
    {
        _project = project;
        _properties = BuildProperties.For(userProperties);
        _output = output;
        _gate = gate;
    }

    public BuildGate Gate => _gate;

    /// <summary>How the builds of one watch know this project (its full path).</summary>
    public string Service => Path.GetFullPath(_project);

    /// <summary>This save needs no build of this project (any more): the other services' builds need not wait for it.</summary>
    public void NeedsNoBuild() => _gate.Together.Decided(Service);

    /// <summary>A build, in the watch's turn (each way takes it; builds other services ask for at once are made together).</summary>
    public async Task<BuildOutcome> BuildAsync(bool restore, CancellationToken cancellationToken)
    {
        if (_way is null)
        {
            // Choosing the way may load MSBuild into this process: one service at a time.
            using var turn = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
            _way ??= await ProjectBuildFactory.CreateAsync(_project, _properties, _output, _gate, cancellationToken).ConfigureAwait(false);
        }

        if (_way is not InProcessBuild)
        {
            // A `dotnet build` of its own is never built together: the others need not wait for it.
            NeedsNoBuild();
        }

        try
        {
            var outcome = await _way.BuildAsync(restore, cancellationToken).ConfigureAwait(false);
            _builtOnce = true;
            return outcome;
        }
        catch (Exception e) when (!_builtOnce && _way is not ChildProcessBuild && ProjectBuildFactory.IsLoadFailure(e)
            && !BuildWayChooser.IsInProc(Environment.GetEnvironmentVariable(BuildWayChooser.Variable)))
        {
            // Some of the SDK's MSBuild only loads when the first build reaches it.
            _output.Warning(Core.Errors.ErrorCodes.InProcessBuildUnavailable, $"The in-process build failed to load part of the SDK's MSBuild ({e.GetType().Name}: {e.Message}); building with 'dotnet build' instead.");
            await _way.DisposeAsync().ConfigureAwait(false);
            _way = new ChildProcessBuild(_project, _properties, _output, _gate);
            return await BuildAsync(restore, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The compiler's arguments for the build made last (of the project, or of one it references); null (with why) when they cannot be read.</summary>
    public async Task<CompilerArgumentsRead> CompilerArgumentsAsync(ReferencedProject? referenced, CancellationToken cancellationToken)
    {
        if (_way is null)
        {
            return CompilerArgumentsRead.Failed("nothing was built yet");
        }

        return await _way.CompilerArgumentsAsync(referenced, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The global properties of the project's build (those a referenced project's build starts from).</summary>
    public IReadOnlyDictionary<string, string> Properties => _properties;

    /// <summary>A project file or Directory.Build.* changed: the next build evaluates the project again.</summary>
    public void ProjectFilesChanged() => _way?.ProjectFilesChanged();

    public async ValueTask DisposeAsync()
    {
        if (_way is not null)
        {
            await _way.DisposeAsync().ConfigureAwait(false);
        }
    }
}
