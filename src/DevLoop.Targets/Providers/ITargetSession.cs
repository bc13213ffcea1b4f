using DevLoop.Core.Sync;
using DevLoop.Core.Channels;
using DevLoop.Targets.Status;

namespace DevLoop.Targets.Providers;

/// <summary>
/// A transport's targets for as long as DevLoop works with them: DeployDev opens one, syncs once and
/// closes it; watch keeps it open, so connections, pod lists and checks are made once.
/// </summary>
public interface ITargetSession : IAsyncDisposable
{
    /// <summary>How the summary names several targets together ("pods of deployment/web in dev"); null for one target.</summary>
    TargetGroup? Group { get; }

    /// <summary>The targets to sync now, waiting (with progress) for one to be ready where that can take a while.</summary>
    Task<IReadOnlyList<SyncTarget>> ReadyTargetsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Until cancelled: the apps' output, and targets that appear or are replaced once they are ready
    /// (handed to the observer to bring up to date).
    /// </summary>
    Task FollowAsync(ISessionObserver observer, CancellationToken cancellationToken);

    /// <summary>After a sync: a session whose app DevLoop itself runs (local) starts it if it is not running.</summary>
    Task AfterSyncAsync(SyncResult result, ISessionObserver observer, CancellationToken cancellationToken);

    /// <summary>What to tell the user when a sync found no app to restart; null when that is expected.</summary>
    string? NoAppAdvice(SyncResult result);

    /// <summary>Returns the targets to what their images declare.</summary>
    Task<ResetOutcome> ResetAsync(CancellationToken cancellationToken);

    /// <summary>Every target as it is now, read from the targets themselves (never from DevLoop's caches).</summary>
    Task<IReadOnlyList<TargetStatus>> StatusAsync(CancellationToken cancellationToken);
}
