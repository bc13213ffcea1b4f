using System.IO.Compression;
using DevLoop.Core.Channels;
using DevLoop.Core.Snapshots;

namespace DevLoop.Core.Sync;

/// <param name="OutputDir">The build output to mirror into the target.</param>
/// <param name="StateDir">Where the engine keeps its snapshot and manifest caches (obj/devloop).</param>
public sealed record SyncRequest(string OutputDir, SyncTarget Target, string StateDir, bool Restart = true)
{
    public CompressionLevel Compression { get; init; } = CompressionLevel.Fastest;

    /// <summary>Source folders synced beside the output (the project's wwwroot); changes there alone need no restart.</summary>
    public IReadOnlyList<ContentRoot> Content { get; init; } = Array.Empty<ContentRoot>();

    /// <summary>Whether applying this plan must restart the app: not when it touches static content only.</summary>
    public bool NeedsRestart(SyncPlan plan) =>
        Restart && plan.Puts.Select(p => p.Path).Concat(plan.Deletes).Any(path => !Content.Any(c => c.Contains(path)));
}
