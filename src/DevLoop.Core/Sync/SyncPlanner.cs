using DevLoop.Core.Snapshots;

namespace DevLoop.Core.Sync;

public static class SyncPlanner
{
    public static SyncPlan Create(OutputSnapshot snapshot, RemoteManifest remote)
    {
        var puts = snapshot.Files.Values
            .Where(f => !remote.Files.TryGetValue(f.Path, out var hash) || !string.Equals(hash, f.Hash, StringComparison.Ordinal))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        var deletes = remote.Files.Keys
            .Where(p => !snapshot.Files.ContainsKey(p) && !SnapshotBuilder.IsIgnored(p))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
        return new SyncPlan(puts, deletes);
    }
}
