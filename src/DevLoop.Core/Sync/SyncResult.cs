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

    /// <summary>Set when the sync went to a group of targets: how many there were and how many changed.</summary>
    public GroupCounts? Group { get; init; }

    /// <summary>One result for a group: the largest plan and restart, the bytes of all payloads together.</summary>
    public static SyncResult Combine(TargetGroup group, IReadOnlyList<SyncResult> parts, TimeSpan snapshot, TimeSpan total)
    {
        var changed = parts.Where(p => !p.NothingChanged).ToList();
        var restart = changed.Count == 0
            ? RestartOutcome.NotNeeded
            : changed.Select(p => p.Restart).OrderByDescending(Severity).First();
        return new SyncResult(
            group.Name,
            parts.Max(p => p.FilesPut),
            parts.Max(p => p.FilesDeleted),
            parts.Sum(p => p.PayloadBytes),
            snapshot,
            total,
            restart,
            parts.Max(p => p.RestartDuration))
        {
            Group = new GroupCounts(group.Unit, parts.Count, changed.Count),
        };
    }

    // The outcome the user most needs to hear about when targets differ.
    private static int Severity(RestartOutcome outcome) => outcome switch
    {
        RestartOutcome.NotServing => 5,
        RestartOutcome.AppNotRunning => 4,
        RestartOutcome.NotPossible => 3,
        RestartOutcome.ContainerRestarted => 2,
        RestartOutcome.Restarted => 1,
        _ => 0,
    };
}

public sealed record GroupCounts(string Unit, int Count, int Updated);

public enum RestartOutcome
{
    NotNeeded,

    /// <summary>Restarted in place and serving again: listening on the ports it listened on before (or it never listened).</summary>
    Restarted,
    AppNotRunning,
    ContainerRestarted,
    NotPossible,

    /// <summary>Restarted in place, but not listening again on its ports when the wait ended.</summary>
    NotServing,
}
