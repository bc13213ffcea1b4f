namespace DevLoop.Core.Sync;

/// <summary>What a target holds: relative path to SHA-256, plus the generation the agent stamped it with.</summary>
public sealed record RemoteManifest(string Generation, IReadOnlyDictionary<string, string> Files)
{
    public static RemoteManifest Empty { get; } = new("none", new Dictionary<string, string>());

    /// <summary>The manifest the target holds after a plan was applied successfully.</summary>
    public RemoteManifest After(SyncPlan plan, string newGeneration)
    {
        var files = new Dictionary<string, string>(Files, StringComparer.Ordinal);
        foreach (var put in plan.Puts)
        {
            files[put.Path] = put.Hash;
        }

        foreach (var deleted in plan.Deletes)
        {
            files.Remove(deleted);
        }

        return new RemoteManifest(newGeneration, files);
    }
}
