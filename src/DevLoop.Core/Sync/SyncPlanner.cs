using DevLoop.Core.Snapshots;

namespace DevLoop.Core.Sync;

public static class SyncPlanner
{
    /// <summary>
    /// Puts what the target lacks or holds differently. Deletes only what left the build output since
    /// the last sync (<paramref name="previous"/>): files the target had before DevLoop came (a
    /// publish output's wwwroot, say) are never removed.
    /// </summary>
    public static SyncPlan Create(OutputSnapshot snapshot, RemoteManifest remote, OutputSnapshot? previous = null)
    {
        var puts = snapshot.Files.Values
            .Where(f => !remote.Files.TryGetValue(f.Path, out var hash) || !string.Equals(hash, f.Hash, StringComparison.Ordinal))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        var deletes = (previous?.Files.Keys ?? Enumerable.Empty<string>())
            .Where(p => !snapshot.Files.ContainsKey(p) && remote.Files.ContainsKey(p) && !SnapshotBuilder.IsIgnored(p))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
        return new SyncPlan(puts, deletes);
    }
}
