using System.IO.Compression;
using DevLoop.Core.Channels;
using DevLoop.Core.Snapshots;

namespace DevLoop.Core.Sync;

/// <param name="OutputDir">The build output to mirror into the targets.</param>
/// <param name="Targets">Every target gets the same output, in parallel (all replicas of a workload).</param>
/// <param name="StateDir">Where the engine keeps its snapshot and manifest caches (obj/devloop).</param>
public sealed record SyncRequest(string OutputDir, IReadOnlyList<SyncTarget> Targets, string StateDir, bool Restart = true)
{
    public SyncRequest(string outputDir, SyncTarget target, string stateDir, bool restart = true)
        : this(outputDir, new[] { target }, stateDir, restart)
    {
    }

    /// <summary>How the summary names several targets together, e.g. "pods of deployment/web"; null for one target.</summary>
    public TargetGroup? Group { get; init; }

    public CompressionLevel Compression { get; init; } = CompressionLevel.Fastest;

    /// <summary>Source folders synced beside the output (the project's wwwroot); changes there alone need no restart.</summary>
    public IReadOnlyList<ContentRoot> Content { get; init; } = Array.Empty<ContentRoot>();

    /// <summary>Recorded in every target this sync changes; null records none.</summary>
    public SyncMarks? Marks { get; init; }

    /// <summary>Whether applying this plan must restart the app: not when it touches static content only.</summary>
    public bool NeedsRestart(SyncPlan plan) =>
        Restart && plan.Puts.Select(p => p.Path).Concat(plan.Deletes).Any(path => !Content.Any(c => c.Contains(path)));
}

/// <param name="Name">What the targets belong to, read after the count: "of deployment/web in default".</param>
/// <param name="Unit">What one target is, singular, e.g. "pod".</param>
public sealed record TargetGroup(string Name, string Unit);
