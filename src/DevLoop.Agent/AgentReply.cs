namespace DevLoop.Agent;

/// <summary>The single JSON line the agent prints for every command, and the body of every session reply.</summary>
internal sealed class AgentReply
{
    public bool Ok { get; set; }

    public string? Code { get; set; }

    public string? Message { get; set; }

    public string? Generation { get; set; }

    public string? Mode { get; set; }

    public string? Root { get; set; }

    /// <summary>From `generation` and `reset`: the marks of the last sync, when the folder holds one.</summary>
    public SyncMarks? Marks { get; set; }

    /// <summary>From `apply`: the marks of the sync this one replaced, when it came from elsewhere (another copy, another user).</summary>
    public SyncMarks? Replaced { get; set; }

    public Dictionary<string, string>? Files { get; set; }

    public int Written { get; set; }

    public int Deleted { get; set; }

    public string? Restart { get; set; }

    /// <summary>A delta's outcome: applied, pending, refused, failed or no-app (see DeltaCommand).</summary>
    public string? HotReload { get; set; }

    /// <summary>With a pending delta: the MVID of the app's own module, and how many deltas it took in this process.</summary>
    public string? EntryModule { get; set; }

    public int? EntryUpdates { get; set; }

    public long RestartMs { get; set; }

    public long ApplyMs { get; set; }

    /// <summary>The TCP ports the app listened on before a restart, which it listened on again when the restart returned.</summary>
    public int[]? Listening { get; set; }

    /// <summary>In a session's hello reply: the agent's product version and session protocol.</summary>
    public string? AgentVersion { get; set; }

    public int? Protocol { get; set; }

    public static AgentReply Failure(string code, string message) => new() { Ok = false, Code = code, Message = message };
}
