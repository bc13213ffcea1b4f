namespace DevLoop.Core.Sync;

/// <summary>What one sync did, for the one-line summary and the benchmarks.</summary>
public sealed record SyncResult(
    string Target,
    int FilesPut,
    int FilesDeleted,
    long PayloadBytes,
    TimeSpan Snapshot,
    TimeSpan Total,
    RestartOutcome Restart,
    TimeSpan RestartDuration)
{
    public bool NothingChanged => FilesPut == 0 && FilesDeleted == 0;
}

public enum RestartOutcome
{
    NotNeeded,
    Restarted,
    AppNotRunning,
    ContainerRestarted,
    NotPossible,
}
