using DevLoop.Core.Logging;
using DevLoop.Targets.Settings;

namespace DevLoop.Targets.Sessions;

/// <summary>
/// A session opened in the background while the project builds (DeployDev, the IDE's build button),
/// so the sync after the build finds the target resolved and its agent started. Opening changes
/// nothing in a target. What it logs is kept until <see cref="TakeAsync"/> hands it to the one who
/// reports it; an error opening it is raised there, as if the session had been opened then.
/// </summary>
public sealed class PreparedSession : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly DeferredLog _log = new();
    private readonly Task<DevLoopSession> _opening;
    private readonly System.Diagnostics.Stopwatch _since = System.Diagnostics.Stopwatch.StartNew();
    private TimeSpan _opened;
    private int _taken;

    private PreparedSession(DevLoopSettings settings)
    {
        Settings = settings;
        _opening = Task.Run(() => OpenAsync(settings, _cancel.Token));
    }

    public DevLoopSettings Settings { get; }

    public static PreparedSession Start(DevLoopSettings settings) => new(settings);

    /// <summary>The session, once open; the caller owns it from then on.</summary>
    public async Task<DevLoopSession> TakeAsync(IDevLoopLog log, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _taken, 1) == 1)
        {
            throw new InvalidOperationException("A prepared session is taken once.");
        }

        _log.Attach(log);
        using var cancel = cancellationToken.Register(_cancel.Cancel);
        var asked = _since.Elapsed;
        var session = await _opening.ConfigureAwait(false);
        log.Detail(_opened <= asked
            ? $"The session opened during the build was ready ({_opened.TotalMilliseconds:F0} ms after the build started)."
            : $"Waited {(_opened - asked).TotalMilliseconds:F0} ms for the session opened during the build ({_opened.TotalMilliseconds:F0} ms after the build started).");
        return session;
    }

    /// <summary>
    /// Closes a session nobody took (the build failed before DeployDev's sync). It is closed in the
    /// background: MSBuild disposes this when the build ends, synchronously, and nobody is left to
    /// report to.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _taken, 1) == 1)
        {
            return;
        }

        _cancel.Cancel();
        _ = CloseAsync();
    }

    private async Task CloseAsync()
    {
        DevLoopSession session;
        try
        {
            session = await _opening.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Opening failed or was cancelled: OpenAsync closed what it had opened; nothing is left.
            return;
        }

        await session.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<DevLoopSession> OpenAsync(DevLoopSettings settings, CancellationToken cancellationToken)
    {
        var session = await DevLoopSession.OpenAsync(settings, _log, cancellationToken).ConfigureAwait(false);
        try
        {
            await session.PrepareAsync(cancellationToken).ConfigureAwait(false);
            _opened = _since.Elapsed;
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
