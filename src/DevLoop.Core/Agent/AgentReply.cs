namespace DevLoop.Core.Agent;

/// <summary>The one JSON line the agent prints for every command (its side of the contract).</summary>
public sealed record AgentReply
{
    public bool Ok { get; init; }

    public string? Code { get; init; }

    public string? Message { get; init; }

    public string? Generation { get; init; }

    /// <summary>"in-place" or "shadow".</summary>
    public string? Mode { get; init; }

    public string? Root { get; init; }

    /// <summary>From `generation` and `reset`: what the last sync recorded in the target (null when it holds none).</summary>
    public Sync.SyncMarks? Marks { get; init; }

    /// <summary>From `apply`: the marks of the sync this one replaced, when another copy of the project or another user made it.</summary>
    public Sync.SyncMarks? Replaced { get; init; }

    public Dictionary<string, string>? Files { get; init; }

    public int Written { get; init; }

    public int Deleted { get; init; }

    /// <summary>"done" (serving again), "not-serving" (restarted, not listening again in time), "no-app" (nothing running with the hook) or "skipped".</summary>
    public string? Restart { get; init; }

    public long RestartMs { get; init; }

    public long ApplyMs { get; init; }

    /// <summary>The TCP ports the app listened on before a restart (and listened on again, unless Restart is "not-serving").</summary>
    public int[]? Listening { get; init; }

    /// <summary>A delta's fate in the app: "applied", "pending" (its module is not loaded), "refused", "failed" or "no-app"; the message says why.</summary>
    public string? HotReload { get; init; }

    /// <summary>With a pending delta: the MVID of the app's own module, and how many deltas it took in that process.</summary>
    public string? EntryModule { get; init; }

    public int? EntryUpdates { get; init; }

    /// <summary>In a session's hello reply: the agent's product version and session protocol.</summary>
    public string? AgentVersion { get; init; }

    public int? Protocol { get; init; }
}
