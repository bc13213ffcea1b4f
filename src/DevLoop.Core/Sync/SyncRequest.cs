using System.IO.Compression;
using DevLoop.Core.Channels;

namespace DevLoop.Core.Sync;

/// <param name="OutputDir">The build output to mirror into the target.</param>
/// <param name="StateDir">Where the engine keeps its snapshot and manifest caches (obj/devloop).</param>
public sealed record SyncRequest(string OutputDir, SyncTarget Target, string StateDir, bool Restart = true)
{
    public CompressionLevel Compression { get; init; } = CompressionLevel.Fastest;

    /// <summary>Commit id (or other note) stamped on the target as the source of the change.</summary>
    public string? SourceRevision { get; init; }
}
