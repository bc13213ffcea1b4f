using DevLoop.Core.Snapshots;

namespace DevLoop.Core.Sync;

/// <summary>The files to put and the paths to delete to make a target equal to a snapshot.</summary>
public sealed record SyncPlan(IReadOnlyList<FileState> Puts, IReadOnlyList<string> Deletes)
{
    public bool IsEmpty => Puts.Count == 0 && Deletes.Count == 0;

    public long PutBytes => Puts.Sum(p => p.Length);
}
