using DevLoop.Cli.Building;
using DevLoop.Cli.Output;
using DevLoop.Cli.Watching;
using DevLoop.Core.Errors;
using DevLoop.Core.Watch;
using DevLoop.Targets.Sessions;
using DevLoop.Targets.Settings;

namespace DevLoop.Cli.Commands;

/// <summary>
/// `dotnet devloop watch`: on every batch of saves, a plain build, then the sync and restart in this
/// process through one session kept open for the whole watch, and the apps' output.
/// </summary>
internal sealed class WatchCommand
{
    private readonly CliArguments _args;
    private readonly ConsoleOutput _output;

    public WatchCommand(CliArguments args, ConsoleOutput output)
    {
        _args = args;
        _output = output;
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var project = ProjectLocator.Locate(_args.Project);
        var projectDir = Path.GetDirectoryName(project)!;
        _output.Info($"Reading the settings of {Path.GetFileName(project)}…");
        var settings = await ProjectProperties.ReadAsync(project, _args.PropertyArguments(), cancellationToken).ConfigureAwait(false);
        await using var builder = new ProjectBuilder(project, _args.Properties, _output);
        using var watcher = await SourceWatcher.StartAsync(
            new WatchFileSetReader(project, _args.PropertyArguments()).ReadAsync,
            WatchGlobs.Classifier(projectDir, settings.WatchInclude, settings.WatchExclude),
            e => _output.Warning(e.Code, e.Message + " Watching the previous list of files."),
            cancellationToken).ConfigureAwait(false);
        var loop = new WatchLoop(settings, projectDir, _output);
        var batches = new BatchReader(watcher.Changes, new ChangeBatcher(ChangeBatcher.DefaultQuiet, ChangeBatcher.DefaultMaximum), TimeProvider.System, loop.Changed);
        _output.Info($"Watching {projectDir} (target: {settings.Target}). Press Ctrl+C to stop.");

        try
        {
            await loop.BuildAndSyncAsync(builder, null, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var batch = await batches.NextAsync(cancellationToken).ConfigureAwait(false);
                _output.Detail($"Changed: {string.Join(", ", batch.Paths.Take(5))}{(batch.Paths.Count > 5 ? ", …" : string.Empty)}");
                if (batch.Paths.Any(IsProjectFile) && !await ReadSettingsAgainAsync(project, loop, builder, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                await loop.BuildAndSyncAsync(builder, batch, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _output.Info("Stopping…");
        }
        finally
        {
            await loop.DisposeAsync().ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Properties or references may have changed: restore, and read the settings again. False when the project cannot be read now.</summary>
    private async Task<bool> ReadSettingsAgainAsync(string project, WatchLoop loop, ProjectBuilder builder, CancellationToken cancellationToken)
    {
        try
        {
            var reread = await ProjectProperties.ReadAsync(project, _args.PropertyArguments(), cancellationToken).ConfigureAwait(false);
            await loop.UseSettingsAsync(reread).ConfigureAwait(false);
            builder.ProjectFilesChanged();
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
