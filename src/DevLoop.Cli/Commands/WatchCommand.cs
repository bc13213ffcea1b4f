using System.Globalization;
using DevLoop.Cli.Building;
using DevLoop.Cli.Kubernetes;
using DevLoop.Cli.Output;
using DevLoop.Cli.Running;
using DevLoop.Cli.Watching;
using DevLoop.Core.Errors;
using DevLoop.Core.Sync;
using DevLoop.Core.Watch;

namespace DevLoop.Cli.Commands;

/// <summary>`dotnet devloop watch`: on every batch of saves, build + sync + restart, and show the app's output.</summary>
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
        var properties = await ProjectProperties.ReadAsync(project, _args.PropertyArguments(), cancellationToken).ConfigureAwait(false);
        var target = properties.Target;
        var builder = new ProjectBuilder(project, _args.PropertyArguments(), _output);
        var localApp = new LocalApp(_output, Path.GetFileNameWithoutExtension(project));
        using var logs = new CancellationTokenSource();
        Task? logFollower = null;
        KubernetesWatch? kubernetes = null;
        var deployedOnce = false;

        using var watcher = await SourceWatcher.StartAsync(
            new WatchFileSetReader(project, _args.PropertyArguments()).ReadAsync,
            WatchGlobs.Classifier(projectDir, properties.Get("DevLoopWatchInclude"), properties.Get("DevLoopWatchExclude")),
            e => _output.Warning(e.Code, e.Message + " Watching the previous list of files."),
            cancellationToken).ConfigureAwait(false);
        var batches = new BatchReader(watcher.Changes, new ChangeBatcher(ChangeBatcher.DefaultQuiet, ChangeBatcher.DefaultMaximum), TimeProvider.System);
        var summaryFile = Path.Combine(properties.Get("DevLoopStateDir"), "last-sync.json");
        _output.Info($"Watching {projectDir} (target: {target}). Press Ctrl+C to stop.");

        try
        {
            var deployed = await DeployAsync(builder, summaryFile, null, restore: false, cancellationToken).ConfigureAwait(false);
            deployedOnce = deployed;
            if (target == "docker")
            {
                logFollower = new DockerLogFollower(_output).FollowAsync(properties.Get("DevLoopContainer"), logs.Token);
            }

            if (target == "kubernetes")
            {
                kubernetes = await KubernetesWatch.StartAsync(properties, projectDir, _output, () => deployedOnce, logs.Token).ConfigureAwait(false);
            }

            StartLocalAppIfNeeded(target, deployed, properties, projectDir, localApp);
            while (true)
            {
                var batch = await batches.NextAsync(cancellationToken).ConfigureAwait(false);
                _output.Detail($"Changed: {string.Join(", ", batch.Paths.Take(5))}{(batch.Paths.Count > 5 ? ", …" : string.Empty)}");
                var projectFileChanged = batch.Paths.Any(p => p.EndsWith("proj", StringComparison.Ordinal) || p.EndsWith(".props", StringComparison.Ordinal) || p.EndsWith(".targets", StringComparison.Ordinal));
                deployed = await DeployAsync(builder, summaryFile, batch, projectFileChanged, cancellationToken).ConfigureAwait(false);
                deployedOnce |= deployed;
                StartLocalAppIfNeeded(target, deployed, properties, projectDir, localApp);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _output.Info("Stopping…");
        }
        finally
        {
            await logs.CancelAsync().ConfigureAwait(false);
            await localApp.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            if (logFollower is not null)
            {
                await Task.WhenAny(logFollower, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None)).ConfigureAwait(false);
            }

            if (kubernetes is not null)
            {
                await kubernetes.StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
        }

        return 0;
    }

    private async Task<bool> DeployAsync(ProjectBuilder builder, string summaryFile, ChangeBatch? batch, bool restore, CancellationToken cancellationToken)
    {
        var startedAt = DateTime.UtcNow;
        var outcome = await builder.DeployAsync(restore || batch is null, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            _output.Error(ErrorCodes.BuildFailed, "The build or sync failed (see above); the app keeps running the previous version. Fix the errors and save.");
            return false;
        }

        var summary = File.Exists(summaryFile) && File.GetLastWriteTimeUtc(summaryFile) >= startedAt ? SyncSummary.ReadFrom(summaryFile) : null;
        if (batch is not null && summary is not null)
        {
            _output.Info(TimingLine(batch, outcome, summary));
        }

        return true;
    }

    private static string TimingLine(ChangeBatch batch, BuildOutcome outcome, SyncSummary summary)
    {
        var build = outcome.Elapsed.TotalMilliseconds - summary.TotalMs;
        var total = batch.Debounce.TotalMilliseconds + outcome.Elapsed.TotalMilliseconds;
        return summary.FilesPut + summary.FilesDeleted == 0
            ? $"No output changed ({Ms(batch.Debounce.TotalMilliseconds)} debounce, {Ms(build)} build)."
            : $"Edit to running in {Ms(total)}: debounce {Ms(batch.Debounce.TotalMilliseconds)}, build {Ms(build)}, sync {Ms(summary.TotalMs - summary.RestartMs)}, restart {Ms(summary.RestartMs)}.";
    }

    private static string Ms(double milliseconds) => milliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms";

    private static void StartLocalAppIfNeeded(string target, bool deployed, ProjectProperties properties, string projectDir, LocalApp app)
    {
        if (target != "local" || !deployed || app.IsRunning)
        {
            return;
        }

        var environment = LaunchProfile.Environment(projectDir);
        environment.TryAdd("ASPNETCORE_ENVIRONMENT", "Development");
        environment.TryAdd("DOTNET_ENVIRONMENT", "Development");
        app.Start(properties.Get("DevLoopLocalDir"), properties.Get("TargetFileName"), environment);
    }
}
