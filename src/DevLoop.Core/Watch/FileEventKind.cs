namespace DevLoop.Core.Watch;

/// <summary>What the file system said about a path (a rename is a deletion plus a creation).</summary>
public enum FileEventKind
{
    Changed,
    Created,
    Deleted,
}
