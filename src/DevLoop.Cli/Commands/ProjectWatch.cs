using DevLoop.Cli.Building;
using DevLoop.Cli.Output;
using DevLoop.Cli.Watching;
using DevLoop.Core.Errors;
using DevLoop.Core.Watch;
using DevLoop.Targets.Settings;

namespace DevLoop.Cli.Commands;

/// <summary>
/// One project watched until cancelled: its files, its build (through the shared <see cref="BuildGate"/>),
/// and its loop of hot reload, emit, build, sync and restart, into its own target.
/// </summary>
internal sealed class ProjectWatch
{
    private readonly string _project;
    private readonly DevLoopSettings _settings;
    private readonly CliArguments _args;
    private readonly ConsoleOutput _output;
    private readonly BuildGate _gate;
    private readonly bool _announceStop;

    /// <param name="announceStop">Whether its first line says how to stop (a solution's watch says it once for all).</param>
    public ProjectWatch(string project, DevLoopSettings settings, CliArguments args, ConsoleOutput output, BuildGate gate, bool announceStop = true)
    {
        _project = project;
        _settings = settings;
        _args = args;
        _output = output;
        _gate = gate;
        _announceStop = announceStop;
    }

    /// <summary>Until cancelled (it then throws <see cref="OperationCanceledException"/>).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var projectDir = Path.GetDirectoryName(_project)!;
        await using var builder = new ProjectBuilder(_project, _args.Properties, _output, _gate);
        using var watcher = await SourceWatcher.StartAsync(
            new WatchFileSetReader(_project, _args.PropertyArguments()).ReadAsync,
            WatchGlobs.Classifier(projectDir, _settings.WatchInclude, _settings.WatchExclude),
            e => _output.Warning(e.Code, e.Message + " Watching the previous list of files."),
            cancellationToken).ConfigureAwait(false);
        var loop = new WatchLoop(_settings, projectDir, _output);
        var together = _gate.Together;
        var batches = new BatchReader(watcher.Changes, new ChangeBatcher(ChangeBatcher.DefaultQuiet, ChangeBatcher.DefaultMaximum), TimeProvider.System, path =>
        {
            // From the first save on, the other services' builds wait for this one to decide whether it builds too.
            together.Changing(builder.Service);
            loop.Changed(path);
        });
        _output.Info($"Watching {projectDir} (target: {_settings.Target}).{(_announceStop ? " Press Ctrl+C to stop." : string.Empty)}");

        try
        {
            together.Changing(builder.Service);
            await loop.BuildAndSyncAsync(builder, null, cancellationToken).ConfigureAwait(false);
            together.Decided(builder.Service);
            while (true)
            {
                var batch = await batches.NextAsync(cancellationToken).ConfigureAwait(false);
                together.Changing(builder.Service);
                _output.Detail($"Changed: {string.Join(", ", batch.Paths.Take(5))}{(batch.Paths.Count > 5 ? ", …" : string.Empty)}");
                if (!batch.Paths.Any(IsProjectFile) || await ReadSettingsAgainAsync(loop, builder, cancellationToken).ConfigureAwait(false))
                {
                    await loop.BuildAndSyncAsync(builder, batch, cancellationToken).ConfigureAwait(false);
                }

                together.Decided(builder.Service);
            }
        }
        finally
        {
            together.Decided(builder.Service);
            await loop.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Properties or references may have changed: restore, and read the settings again. False when the project cannot be read now.</summary>
    private async Task<bool> ReadSettingsAgainAsync(WatchLoop loop, ProjectBuilder builder, CancellationToken cancellationToken)
    {
        try
        {
            DevLoopSettings reread;
            // The restore rewrites the assets of this project and of those it references (a library other
            // services build too), and the builder's projects are dropped: not while a build or emit runs.
            using (await _gate.EnterAsync(cancellationToken).ConfigureAwait(false))
            {
                reread = await ProjectProperties.ReadAsync(_project, _args.PropertyArguments(), cancellationToken).ConfigureAwait(false);
                builder.ProjectFilesChanged();
            }

            await loop.UseSettingsAsync(reread).ConfigureAwait(false);
            return true;
        }
        catch (DevLoopException e)
        {
            // A project file saved half-edited: say why, keep what runs, and try again on the next save.
            _output.Error(e.Code, e.Message + " The app keeps running the previous version; fix the project and save to try again.");
            return false;
        }
    }

    private static bool IsProjectFile(string path) =>
        path.EndsWith("proj", StringComparison.Ordinal) || path.EndsWith(".props", StringComparison.Ordinal) || path.EndsWith(".targets", StringComparison.Ordinal);
}
