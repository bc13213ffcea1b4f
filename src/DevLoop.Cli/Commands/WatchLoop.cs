using System.Diagnostics;
using System.Globalization;
using DevLoop.Cli.Building;
using DevLoop.Cli.Output;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Sync;
using DevLoop.Core.Watch;
using DevLoop.Targets.Providers;
using DevLoop.Targets.Sessions;
using DevLoop.Targets.Settings;

namespace DevLoop.Cli.Commands;

/// <summary>
/// One watch's build → sync cycle and the session behind it: opened after the first good build, kept
/// open (connections, pods, agent) and followed (logs, replaced targets) until watch stops.
/// </summary>
internal sealed class WatchLoop : ISessionObserver, IAsyncDisposable
{
    /// <summary>How long after a hot reload the files follow: saves in a row are built once.</summary>
    private static readonly TimeSpan FilesFollowAfter = TimeSpan.FromSeconds(1);

    private readonly ConsoleOutput _output;
    private readonly OncePerSessionLog _log;

    // A save's build and sync, and a replaced target's catch-up, take turns: a new pod never gets an
    // output the build is still writing.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly SemaphoreSlim _outputLock = new(1, 1);
    private DevLoopSettings _settings;
    private DevLoopSession? _session;
    private CancellationTokenSource? _follow;
    private Task? _following;
    private volatile bool _synced;
    private WatchHotReload _hotReload;
    private readonly WatchWarmEmit _warmEmit;
    private CancellationTokenSource? _filesFollowSoon;
    private ProjectBuilder? _builder;

    // Deltas applied, and how many of them the files in the targets hold: a target that starts
    // while the files are behind must first get files that hold them all.
    private int _deltasApplied;
    private int _filesHold;
    private Task _filesFollowing = Task.CompletedTask;

    public WatchLoop(DevLoopSettings settings, string projectDir, ConsoleOutput output)
    {
        _settings = settings;
        _output = output;
        _log = new OncePerSessionLog(new ConsoleLog(output));
        _hotReload = new WatchHotReload(settings, projectDir, output);
        _warmEmit = new WatchWarmEmit(projectDir, output);
    }

    /// <summary>Settings read again after a project file changed: a different target means a new session.</summary>
    public async Task UseSettingsAsync(DevLoopSettings settings)
    {
        if (settings.HotReload != _settings.HotReload || settings.Restart != _settings.Restart)
        {
            var projectDir = settings.ProjectDir ?? Path.GetDirectoryName(settings.OutputDir)!;
            _hotReload.Dispose();
            _hotReload = new WatchHotReload(settings, projectDir, _output);
        }

        if (settings.SameTargetAs(_settings) && settings.PortForwards.SequenceEqual(_settings.PortForwards))
        {
            _settings = settings;
            return;
        }

        _output.Info("The DevLoop settings changed; connecting again.");
        await CloseSessionAsync().ConfigureAwait(false);
        _settings = settings;
    }

    public async Task BuildAndSyncAsync(ProjectBuilder builder, ChangeBatch? batch, CancellationToken cancellationToken)
    {
        // A save before the files followed the last hot reload: this save's own build (or the next follow) carries them.
        _filesFollowSoon?.Cancel();
        _builder = builder;
        HotReloadStep? step = null;
        if (batch is not null)
        {
            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                step = await TryHotReloadInTurnAsync(builder, batch, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _turn.Release();
            }
        }

        if (step is { Next: HotReloadNext.Nothing or HotReloadNext.FilesFollow })
        {
            builder.NeedsNoBuild();
            return;
        }

        using var held = await HoldAsync(cancellationToken).ConfigureAwait(false);
        if (step is { Next: HotReloadNext.RestartSome } && _session is { } open)
        {
            await RestartSomeAsync(builder, open, step.ToRestart, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (step is { Next: HotReloadNext.RestartAll } && await EmitAndSyncHeldAsync(builder, batch!, step.Reason!, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (step is null && batch is not null && await EmitReferencedAndSyncHeldAsync(builder, batch, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (step is null && batch is not null)
        {
            if (_synced)
            {
                _output.Info($"build: {_hotReload.WhyNotCovered(batch)}…");
            }

            // Until this build succeeds and its compiler's arguments are read, the warm compilation may not stand for the project.
            _hotReload.Building(batch);
            _warmEmit.Forget();
        }

        await BuildAndSyncHeldAsync(builder, batch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A save hot reload cannot apply, emitted in process from the warm compilation, synced and
    /// restarted; false (said why) when it must be built instead.
    /// </summary>
    private async Task<bool> EmitAndSyncHeldAsync(ProjectBuilder builder, ChangeBatch batch, string reason, CancellationToken cancellationToken)
    {
        _hotReload.BeforeBuild();
        WarmEmitStep step;
        using (await builder.Gate.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            step = await _warmEmit.EmitAsync(_hotReload.BuiltSources!, _settings.OutputDir, cancellationToken).ConfigureAwait(false);
        }

        if (step.BuildBecause is { } why)
        {
            _output.Info($"restart needed: {reason} — building ({why})…");
            return false;
        }

        await SyncEmittedAsync(builder, batch, step, $"restart needed: {reason} — compiled in process from the warm compilation in {Ms(step.Elapsed ?? TimeSpan.Zero)}, no build.", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// A save of sources of projects the watched one references, emitted in process from their warm
    /// compilations (and the watched project's, when a reference assembly changed), synced and
    /// restarted; false when it must be built instead (said why, under -v).
    /// </summary>
    private async Task<bool> EmitReferencedAndSyncHeldAsync(ProjectBuilder builder, ChangeBatch batch, CancellationToken cancellationToken)
    {
        var paths = _hotReload.FullPaths(batch).ToList();
        if (!_synced || _session is null || !_hotReload.CompilationStands || !_warmEmit.CoversReferenced(paths))
        {
            return false;
        }

        _hotReload.BeforeBuild();
        WarmEmitStep step;
        using (await builder.Gate.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            step = await _warmEmit.EmitReferencedAsync(paths, _hotReload.BuiltSources!, appBehind: _filesHold < _deltasApplied, _settings.OutputDir, cancellationToken).ConfigureAwait(false);
        }

        if (step.Elapsed is not null)
        {
            // Only once the app's output holds code compiled against them: until then the apps (and a
            // pod that starts meanwhile) run the old ones, and hot reload's baselines must match.
            try
            {
                _hotReload.RefreshReferences(step.ChangedReferences);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Its compilation then holds the old ones and says so (an input changed): the next save builds.
                _output.Detail($"Hot reload could not read the new references ({e.GetType().Name}: {e.Message}); the next save builds.");
            }
        }

        var saved = string.Join(", ", batch.Paths.Select(Path.GetFileName));
        if (step.BuildBecause is { } why)
        {
            _output.Info($"build: {saved} not compiled in process ({why})…");
            _hotReload.Building(batch);
            _warmEmit.Forget();
            await BuildAndSyncHeldAsync(builder, batch, cancellationToken).ConfigureAwait(false);
            return true;
        }

        await SyncEmittedAsync(builder, batch, step, $"restart needed: {saved} changed in {Names(step.Projects)} — compiled in process from the warm compilations in {Ms(step.Elapsed ?? TimeSpan.Zero)}, no build.", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>What an emit in process made: its compile errors shown once (the apps keep running), or its output synced and restarted, said in one line.</summary>
    private async Task SyncEmittedAsync(ProjectBuilder builder, ChangeBatch batch, WarmEmitStep step, string line, CancellationToken cancellationToken)
    {
        if (step.Errors.Count > 0)
        {
            foreach (var error in step.Errors)
            {
                _output.Raw(error);
            }

            var count = step.Errors.Count == 1 ? "1 error" : $"{step.Errors.Count} errors";
            _output.Error(ErrorCodes.BuildFailed, $"The code has {count}; the app keeps running the previous version. Fix and save to try again.");
            return;
        }

        _output.Info(line);
        _hotReload.OutputIsCurrent();
        await SyncBuiltAsync(builder, batch, new BuildOutcome(true, 0, step.Elapsed!.Value), "emit", compiledInProcess: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A file changed (its save not due yet): hot reload may compile it ahead.</summary>
    public void Changed(string path)
    {
        if (_synced && _session is not null)
        {
            _hotReload.Changed(path);
        }
    }

    public void AppOutput(string source, string line, bool isError) => _output.App(source, line, isError);

    public async Task<bool> TargetReadyAsync(string name, SyncTarget target, CancellationToken cancellationToken)
    {
        using var held = await HoldAsync(cancellationToken).ConfigureAwait(false);
        if (!_synced || _session is not { } session)
        {
            return false;
        }

        if (_filesHold < _deltasApplied && _builder is { } builder && await BuildForFilesAsync(builder, cancellationToken).ConfigureAwait(false) is { } upTo)
        {
            // The others run edits their files do not hold yet: the new one must start with them.
            await SyncFilesInTurnAsync(upTo, cancellationToken, except: target).ConfigureAwait(false);
        }

        var sinceReady = Stopwatch.StartNew();
        var result = await session.SyncOneAsync(target, cancellationToken).ConfigureAwait(false);
        _hotReload.Started(target, restarted: result.Restart != RestartOutcome.NotNeeded);
        if (result.NothingChanged)
        {
            _output.Detail($"{name} is up to date.");
        }
        else
        {
            var serving = result.Restart == RestartOutcome.Restarted ? $" It serves the current code {sinceReady.ElapsedMilliseconds} ms after it became ready." : string.Empty;
            _output.Info($"brought {name} up to date: {Summary(result)}{serving}");
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _filesFollowSoon?.Cancel();
        await _filesFollowing.ConfigureAwait(false);
        await CloseSessionAsync().ConfigureAwait(false);
        _hotReload.Dispose();
        _turn.Dispose();
        _outputLock.Dispose();
    }

    /// <summary>The save as Hot Reload, when it is only C# sources the compilation reads; null when it is not.</summary>
    private async Task<HotReloadStep?> TryHotReloadInTurnAsync(ProjectBuilder builder, ChangeBatch batch, CancellationToken cancellationToken)
    {
        if (!_synced || _session is not { } open || !_hotReload.Covers(batch))
        {
            return null;
        }

        HotReloadStep step;
        try
        {
            step = await _hotReload.ApplyAsync(open, batch, cancellationToken).ConfigureAwait(false);
        }
        catch (DevLoopException e)
        {
            step = HotReloadStep.Restart(e.Message);
        }

        if (step.Next is HotReloadNext.FilesFollow or HotReloadNext.RestartSome)
        {
            _deltasApplied++;
        }

        if (step.Next == HotReloadNext.FilesFollow)
        {
            FilesFollowSoon(builder, cancellationToken);
        }

        return step;
    }

    /// <summary>
    /// A build whose output holds the sources on disk: a file saved while the compiler ran can leave
    /// an output that the incremental build takes as current, so then it builds once more.
    /// </summary>
    private async Task<BuildOutcome> BuildCurrentAsync(ProjectBuilder builder, CancellationToken cancellationToken)
    {
        _hotReload.BeforeBuild();
        var build = await builder.BuildAsync(restore: false, cancellationToken).ConfigureAwait(false);
        if (!build.Succeeded || _hotReload.OutputIsCurrent())
        {
            return build;
        }

        _hotReload.BeforeBuild();
        var again = await builder.BuildAsync(restore: false, cancellationToken).ConfigureAwait(false);
        return again with { Elapsed = build.Elapsed + again.Elapsed };
    }

    /// <summary>A build and a sync with restart, holding the output and the targets.</summary>
    private async Task BuildAndSyncHeldAsync(ProjectBuilder builder, ChangeBatch? batch, CancellationToken cancellationToken)
    {
        var build = await BuildCurrentAsync(builder, cancellationToken).ConfigureAwait(false);
        if (!build.Succeeded)
        {
            var what = build.Errors == 1 ? "1 error" : build.Errors > 1 ? $"{build.Errors} errors" : "errors (see above)";
            var running = _synced ? "the app keeps running the previous version" : "nothing was synced";
            _output.Error(ErrorCodes.BuildFailed, $"The build failed with {what}; {running}. Fix and save to try again.");
            return;
        }

        var made = build.BuiltWith.Count == 0 ? "build" : $"build (one build with {string.Join(", ", build.BuiltWith)})";
        if (batch is null && build.BuiltWith.Count > 0)
        {
            _output.Info($"Built in one build with {string.Join(", ", build.BuiltWith)} in {Ms(build.Elapsed)}.");
        }

        await SyncBuiltAsync(builder, batch, build, made, compiledInProcess: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The output just made (built, or emitted in process) synced with restart, and what hot reload and the warm emit learn from it.</summary>
    /// <param name="made">How the output was made, for the timing line ("build" or "emit").</param>
    /// <param name="compiledInProcess">The save's sources were all emitted from warm compilations, which still stand.</param>
    private async Task SyncBuiltAsync(ProjectBuilder builder, ChangeBatch? batch, BuildOutcome build, string made, bool compiledInProcess, CancellationToken cancellationToken)
    {
        builder.NeedsNoBuild();
        SyncResult result;
        DevLoopSession session;
        TimeSpan cpuBefore, syncCpu;
        try
        {
            session = await OpenAsync(cancellationToken).ConfigureAwait(false);
            cpuBefore = ProcessCpu();
            result = await session.SyncAsync(cancellationToken).ConfigureAwait(false);
            syncCpu = ProcessCpu() - cpuBefore;
        }
        catch (DevLoopException e)
        {
            _output.Error(e.Code, e.Message + (_synced ? " The targets keep the version they had." : string.Empty) + " watch goes on: the next save tries again.");
            return;
        }

        _synced = true;
        _filesHold = _deltasApplied;
        await session.Targets.AfterSyncAsync(result, this, cancellationToken).ConfigureAwait(false);
        session.WarnIfNoApp(result);
        _output.Info(Summary(result));
        if (batch is not null)
        {
            _output.Info(TimingLine(batch, build, made, result, syncCpu));
        }

        var (argumentsRead, argumentsBefore) = (_hotReload.ArgumentsRead, _hotReload.CompilerArguments);
        try
        {
            await _hotReload.AfterSyncAsync(builder, session, result, batch, compiledInProcess, cancellationToken).ConfigureAwait(false);
        }
        catch (DevLoopException e)
        {
            _output.Warning(e.Code, "Hot reload could not learn which build the targets run, so the next C# edit restarts them: " + e.Message);
        }

        // The referenced projects' arguments are read again when the app's changed, or the save may have changed theirs.
        var referencedMayDiffer = _hotReload.ArgumentsRead != argumentsRead
            && (batch is null || !ReferenceEquals(argumentsBefore, _hotReload.CompilerArguments) || batch.Paths.Any(MayChangeReferencedBuilds));
        await _warmEmit.AfterBuildAsync(_settings.WarmEmit, _hotReload.CompilerArguments, referencedMayDiffer, _hotReload.ProjectReferences, _hotReload.BuiltSources, builder, _settings.OutputDir, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// After a hot reload the apps run code their files do not hold: a little later (saves in a row
    /// wait for the last), build and sync the files without a restart, so that a restarted app, a
    /// new pod or a restarted container comes back running the same code.
    /// </summary>
    private void FilesFollowSoon(ProjectBuilder builder, CancellationToken stopping)
    {
        _filesFollowSoon?.Cancel();
        var soon = new CancellationTokenSource();
        _filesFollowSoon = soon;
        var previous = _filesFollowing;
        _filesFollowing = Task.Run(async () =>
        {
            await previous.ConfigureAwait(false);
            try
            {
                await Task.Delay(FilesFollowAfter, soon.Token).ConfigureAwait(false);
                await _outputLock.WaitAsync(soon.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await FilesFollowAsync(builder, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // watch is stopping.
            }
            finally
            {
                _outputLock.Release();
            }
        }, CancellationToken.None);
    }

    /// <summary>
    /// Builds holding the output only, so that saves go on being hot reloaded meanwhile; then syncs
    /// the files, without a restart, in the targets' turn.
    /// </summary>
    private async Task FilesFollowAsync(ProjectBuilder builder, CancellationToken cancellationToken)
    {
        var upTo = await BuildForFilesAsync(builder, cancellationToken).ConfigureAwait(false);
        if (upTo is null)
        {
            return;
        }

        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SyncFilesInTurnAsync(upTo.Value, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>The build the files follow with; the count of deltas it holds, or null when it failed.</summary>
    private async Task<int?> BuildForFilesAsync(ProjectBuilder builder, CancellationToken cancellationToken)
    {
        // Every delta applied so far was made from sources already on disk, so this build holds them.
        var upTo = _deltasApplied;
        var build = await BuildCurrentAsync(builder, cancellationToken).ConfigureAwait(false);
        if (!build.Succeeded)
        {
            _output.Error(ErrorCodes.BuildFailed, "The build after the hot reload failed (see above): the apps run the edit, but their files still hold the previous build, which a restart would bring back. Fix and save.");
            return null;
        }

        if (!_hotReload.BuildHoldsAppliedCode())
        {
            _output.Detail("The sources changed again since the last hot reload; the files follow once that save is handled.");
            return null;
        }

        return upTo;
    }

    /// <param name="except">A target about to be brought up to date with a restart, which must not get the files without one.</param>
    private async Task SyncFilesInTurnAsync(int upTo, CancellationToken cancellationToken, SyncTarget? except = null)
    {
        if (_session is not { } session)
        {
            return;
        }

        try
        {
            // Only targets known to run the applied code: a pod that appeared meanwhile still runs its
            // image, and must be restarted with these files (TargetReadyAsync), not given them quietly.
            var targets = (await session.Targets.ReadyTargetsAsync(cancellationToken).ConfigureAwait(false))
                .Where(t => t.Key != except?.Key && _hotReload.Knows(t))
                .ToList();
            if (targets.Count == 0)
            {
                // The only target is the one about to start with these files.
                _filesHold = Math.Max(_filesHold, upTo);
                return;
            }

            var result = await session.SyncAsync(targets, restart: false, cancellationToken).ConfigureAwait(false);
            _filesHold = Math.Max(_filesHold, upTo);
            _output.Detail($"The files follow the code the apps run: {Summary(result)}");
        }
        catch (DevLoopException e)
        {
            _output.Warning(e.Code, "The files could not follow the hot reload: " + e.Message + " A restart of the app would bring back the previous build; the next save tries again.");
        }
    }

    /// <summary>Some targets did not take the delta: the build, restarting those, and the files of the others.</summary>
    private async Task RestartSomeAsync(ProjectBuilder builder, DevLoopSession session, IReadOnlyList<SyncTarget> restart, CancellationToken cancellationToken)
    {
        var build = await BuildCurrentAsync(builder, cancellationToken).ConfigureAwait(false);
        if (!build.Succeeded)
        {
            _output.Error(ErrorCodes.BuildFailed, "The build failed (see above); the targets that did not take the change keep the previous version. Fix and save to try again.");
            return;
        }

        try
        {
            var restarted = await session.SyncAsync(restart, restart: true, cancellationToken).ConfigureAwait(false);
            _output.Info(Summary(restarted));
            foreach (var target in restart)
            {
                _hotReload.Started(target, restarted: true);
            }

            var keys = restart.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
            var others = (await session.Targets.ReadyTargetsAsync(cancellationToken).ConfigureAwait(false)).Where(t => !keys.Contains(t.Key)).ToList();
            if (others.Count > 0)
            {
                await session.SyncAsync(others, restart: false, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DevLoopException e)
        {
            _output.Error(e.Code, e.Message + " watch goes on: the next save tries again.");
        }
    }

    /// <summary>
    /// The output folder (the builder, what it writes) and then the targets' turn, always in that
    /// order: a build and sync, or a replaced target's catch-up, never sees an output being written.
    /// A hot reload takes the turn alone; the files' follow-up build takes the output alone until it syncs.
    /// </summary>
    private async Task<Held> HoldAsync(CancellationToken cancellationToken)
    {
        await _outputLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _outputLock.Release();
            throw;
        }

        return new Held(this);
    }

    private async Task<DevLoopSession> OpenAsync(CancellationToken cancellationToken)
    {
        if (_session is { } open)
        {
            return open;
        }

        var session = await DevLoopSession.OpenAsync(_settings, _log, cancellationToken).ConfigureAwait(false);
        _session = session;
        _follow = new CancellationTokenSource();
        var follow = _follow.Token;
        _following = Task.Run(() => FollowAsync(session, follow), CancellationToken.None);
        return session;
    }

    private async Task FollowAsync(DevLoopSession session, CancellationToken cancellationToken)
    {
        try
        {
            await session.Targets.FollowAsync(this, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // watch is stopping, or connecting again.
        }
        catch (DevLoopException e)
        {
            _output.Warning(e.Code, "Following the targets stopped, so their logs are not shown and replaced targets are not brought up to date: " + e.Message);
        }
    }

    private async Task CloseSessionAsync()
    {
        if (_follow is not null)
        {
            await _follow.CancelAsync().ConfigureAwait(false);
        }

        if (_following is not null)
        {
            await Task.WhenAny(_following, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        }

        // A catch-up still syncing (its token is cancelled) ends before the session it uses closes.
        await _turn.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_session is not null)
            {
                await _session.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _turn.Release();
            _follow?.Dispose();
            _session = null;
            _follow = null;
            _following = null;
            _synced = false;
        }
    }

    private sealed class Held(WatchLoop loop) : IDisposable
    {
        public void Dispose()
        {
            loop._turn.Release();
            loop._outputLock.Release();
        }
    }

    private static string Summary(SyncResult result)
    {
        var line = SyncResultFormatter.Format(result);
        return line.StartsWith("DevLoop: ", StringComparison.Ordinal) ? line["DevLoop: ".Length..] : line;
    }

    /// <param name="syncCpu">This process's CPU time during the sync and restart (every thread: the sync, the log followers, the informer).</param>
    private static string TimingLine(ChangeBatch batch, BuildOutcome build, string made, SyncResult result, TimeSpan syncCpu)
    {
        var restart = result.Restart == RestartOutcome.Restarted ? result.RestartDuration : TimeSpan.Zero;
        var total = batch.Debounce + build.Elapsed + result.Total;
        return result.NothingChanged
            ? $"No output changed ({Ms(batch.Debounce)} debounce, {Ms(build.Elapsed)} {made})."
            : $"Edit to running in {Ms(total)}: debounce {Ms(batch.Debounce)}, {made} {Ms(build.Elapsed)}, sync {Ms(result.Total - restart)}, restart {Ms(restart)}; the sync took {Ms(syncCpu)} of this process's CPU.";
    }

    private static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>
    /// Whether a saved file (relative to the project's folder) may change how a referenced project
    /// builds: a file outside the app's folder, or a project file or import, or a config that
    /// reaches the compiler.
    /// </summary>
    private static bool MayChangeReferencedBuilds(string path) =>
        path.StartsWith("..", StringComparison.Ordinal)
        || Path.GetExtension(path) is ".csproj" or ".vbproj" or ".fsproj" or ".props" or ".targets" or ".editorconfig" or ".globalconfig"
        || Path.GetFileName(path).Equals("global.json", StringComparison.OrdinalIgnoreCase)
        || Path.GetFileName(path).Equals("nuget.config", StringComparison.OrdinalIgnoreCase);

    private static string Names(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Concat(names) : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms";
}
