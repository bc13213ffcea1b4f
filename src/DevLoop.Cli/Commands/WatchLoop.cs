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
    private readonly ConsoleOutput _output;
    private readonly OncePerSessionLog _log;

    // A save's build and sync, and a replaced target's catch-up, take turns: a new pod never gets an
    // output the build is still writing.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private DevLoopSettings _settings;
    private DevLoopSession? _session;
    private CancellationTokenSource? _follow;
    private Task? _following;
    private volatile bool _synced;

    public WatchLoop(DevLoopSettings settings, ConsoleOutput output)
    {
        _settings = settings;
        _output = output;
        _log = new OncePerSessionLog(new ConsoleLog(output));
    }

    /// <summary>Settings read again after a project file changed: a different target means a new session.</summary>
    public async Task UseSettingsAsync(DevLoopSettings settings)
    {
        if (settings.SameTargetAs(_settings))
        {
            return;
        }

        _output.Info("The DevLoop settings changed; connecting again.");
        await CloseSessionAsync().ConfigureAwait(false);
        _settings = settings;
    }

    public async Task BuildAndSyncAsync(ProjectBuilder builder, ChangeBatch? batch, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await BuildAndSyncInTurnAsync(builder, batch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    public void AppOutput(string source, string line, bool isError) => _output.App(source, line, isError);

    public async Task<bool> TargetReadyAsync(string name, SyncTarget target, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_synced || _session is not { } session)
            {
                return false;
            }

            var sinceReady = Stopwatch.StartNew();
            var result = await session.SyncOneAsync(target, cancellationToken).ConfigureAwait(false);
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
        finally
        {
            _turn.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseSessionAsync().ConfigureAwait(false);
        _turn.Dispose();
    }

    private async Task BuildAndSyncInTurnAsync(ProjectBuilder builder, ChangeBatch? batch, CancellationToken cancellationToken)
    {
        var build = await builder.BuildAsync(restore: false, cancellationToken).ConfigureAwait(false);
        if (!build.Succeeded)
        {
            var what = build.Errors == 1 ? "1 error" : build.Errors > 1 ? $"{build.Errors} errors" : "errors (see above)";
            var running = _synced ? "the app keeps running the previous version" : "nothing was synced";
            _output.Error(ErrorCodes.BuildFailed, $"The build failed with {what}; {running}. Fix and save to try again.");
            return;
        }

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
        await session.Targets.AfterSyncAsync(result, this, cancellationToken).ConfigureAwait(false);
        session.WarnIfNoApp(result);
        _output.Info(Summary(result));
        if (batch is not null)
        {
            _output.Info(TimingLine(batch, build, result, syncCpu));
        }
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

    private static string Summary(SyncResult result)
    {
        var line = SyncResultFormatter.Format(result);
        return line.StartsWith("DevLoop: ", StringComparison.Ordinal) ? line["DevLoop: ".Length..] : line;
    }

    /// <param name="syncCpu">This process's CPU time during the sync and restart (every thread: the sync, the log followers, the informer).</param>
    private static string TimingLine(ChangeBatch batch, BuildOutcome build, SyncResult result, TimeSpan syncCpu)
    {
        var restart = result.Restart == RestartOutcome.Restarted ? result.RestartDuration : TimeSpan.Zero;
        var total = batch.Debounce + build.Elapsed + result.Total;
        return result.NothingChanged
            ? $"No output changed ({Ms(batch.Debounce)} debounce, {Ms(build.Elapsed)} build)."
            : $"Edit to running in {Ms(total)}: debounce {Ms(batch.Debounce)}, build {Ms(build.Elapsed)}, sync {Ms(result.Total - restart)}, restart {Ms(restart)}; the sync took {Ms(syncCpu)} of this process's CPU.";
    }

    private static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms";
}
