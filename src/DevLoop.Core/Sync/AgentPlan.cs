namespace DevLoop.Core.Sync;

/// <summary>
/// The first entry of every payload (".devloop-plan.json"): what the agent must check and do.
/// Mirrors the agent's own type; the agent has no dependency on Core, so the JSON is the contract.
/// </summary>
public sealed record AgentPlan(
    string BaseGeneration,
    string NewGeneration,
    Dictionary<string, string> Files,
    List<string> Deletes,
    bool Restart,
    SyncMarks? Marks)
{
    /// <summary>The bytes of the files this payload puts, so the agent can tell a full place before writing.</summary>
    public long Bytes { get; init; }
}
