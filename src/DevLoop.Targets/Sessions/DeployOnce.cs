using DevLoop.Core.Logging;
using DevLoop.Core.Sync;
using DevLoop.Targets.Settings;

namespace DevLoop.Targets.Sessions;

/// <summary>DeployDev after the build: open the target's session, sync once, report, close.</summary>
public static class DeployOnce
{
    public static async Task<SyncResult> RunAsync(DevLoopSettings settings, IDevLoopLog log, CancellationToken cancellationToken)
    {
        await using var session = await DevLoopSession.OpenAsync(settings, log, cancellationToken).ConfigureAwait(false);
        return await SyncAsync(session, log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same with a session opened while the project was building (see <see cref="PreparedSession"/>).</summary>
    public static async Task<SyncResult> RunAsync(PreparedSession prepared, IDevLoopLog log, CancellationToken cancellationToken)
    {
        await using var session = await prepared.TakeAsync(log, cancellationToken).ConfigureAwait(false);
        return await SyncAsync(session, log, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<SyncResult> SyncAsync(DevLoopSession session, IDevLoopLog log, CancellationToken cancellationToken)
    {
        var result = await session.SyncAsync(cancellationToken).ConfigureAwait(false);
        session.WarnIfNoApp(result);
        log.Info(SyncResultFormatter.Format(result));
        return result;
    }
}
