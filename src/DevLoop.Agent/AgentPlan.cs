namespace DevLoop.Agent;

/// <summary>The plan entry at the head of every payload; the engine writes the same JSON shape.</summary>
internal sealed class AgentPlan
{
    public string BaseGeneration { get; set; } = "none";

    public string NewGeneration { get; set; } = string.Empty;

    public Dictionary<string, string> Files { get; set; } = new(StringComparer.Ordinal);

    public List<string> Deletes { get; set; } = new();

    public bool Restart { get; set; }

    /// <summary>The bytes of the files this payload puts, for the room it needs; 0 from older engines.</summary>
    public long Bytes { get; set; }

    /// <summary>Absent from older engines.</summary>
    public SyncMarks? Marks { get; set; }
}
