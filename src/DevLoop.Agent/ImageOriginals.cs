namespace DevLoop.Agent;

/// <summary>
/// In place, a sync replaces the image's own files. The first time it replaces or deletes one, the
/// image's copy is kept here, and every file a sync adds is listed, so that `reset` can put the app
/// folder back as the image made it without recreating the container. Files DevLoop wrote itself
/// are never kept: the copy here is always the image's, and a folder a sync changed before anything
/// was kept (an older agent) is marked untracked for good, so reset refuses it rather than put back
/// synced files as the image's.
/// </summary>
internal sealed class ImageOriginals
{
    private readonly string _root;

    public ImageOriginals(string root)
    {
        _root = root;
    }

    private string StateDir => Path.Combine(_root, ".devloop");

    private string KeptDir => Path.Combine(StateDir, "original");

    private string CopyingDir => Path.Combine(StateDir, "keeping");

    private string AddedList => Path.Combine(StateDir, "added");

    private string UntrackedMarker => Path.Combine(StateDir, "untracked");

    /// <summary>Whether every change syncs made here since the image is recorded, so reset can undo it.</summary>
    public bool Tracked => Directory.Exists(KeptDir) && !File.Exists(UntrackedMarker);

    /// <summary>Before the first rename of an apply: keeps what the image had at the paths it writes or deletes.</summary>
    /// <param name="changedBefore">The folder's generation before this apply is not "none".</param>
    public void Keep(IReadOnlyCollection<string> written, IReadOnlyCollection<string> deleted, bool changedBefore)
    {
        if (File.Exists(UntrackedMarker))
        {
            return;
        }

        if (changedBefore && !Directory.Exists(KeptDir))
        {
            // Synced before copies were kept: what is here now is not the image's.
            File.WriteAllText(UntrackedMarker, "changed in place before DevLoop kept the image's files");
            return;
        }

        Directory.CreateDirectory(KeptDir);
        DeleteIfExists(CopyingDir);
        var writes = written.ToHashSet(StringComparer.Ordinal);
        var added = ReadAdded();
        var addedBefore = added.Count;
        foreach (var relative in writes.Concat(deleted))
        {
            var kept = RelativePaths.Combine(KeptDir, relative);
            if (added.Contains(relative) || Exists(kept))
            {
                continue;
            }

            var current = new FileInfo(RelativePaths.Combine(_root, relative));
            if (Exists(current.FullName))
            {
                CopyOriginal(current, kept);
            }
            else if (writes.Contains(relative))
            {
                added.Add(relative);
            }
        }

        if (added.Count != addedBefore)
        {
            var temp = AddedList + ".tmp";
            File.WriteAllLines(temp, added.Order(StringComparer.Ordinal));
            File.Move(temp, AddedList, overwrite: true);
        }
    }

    /// <summary>
    /// Removes the files syncs added, then puts the image's back (in that order, so a file that took the
    /// place of a deleted folder is gone before the folder's files return); returns (restored, removed).
    /// The record goes last, so an interrupted restore can run again.
    /// </summary>
    public (int Restored, int Removed) Restore()
    {
        var removed = 0;
        foreach (var relative in ReadAdded())
        {
            var path = RelativePaths.Combine(_root, relative);
            if (File.Exists(path))
            {
                File.Delete(path);
                removed++;
                ApplyCommand.PruneEmptyParents(_root, Path.GetDirectoryName(path)!);
            }
        }

        var restored = 0;
        if (Directory.Exists(KeptDir))
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
            foreach (var kept in Directory.EnumerateFiles(KeptDir, "*", options).ToList())
            {
                var destination = Path.Combine(_root, Path.GetRelativePath(KeptDir, kept));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Move(kept, destination, overwrite: true);
                restored++;
            }
        }

        Forget();
        return (restored, removed);
    }

    private void Forget()
    {
        if (File.Exists(AddedList))
        {
            File.Delete(AddedList);
        }

        DeleteIfExists(CopyingDir);
        DeleteIfExists(KeptDir);
    }

    /// <summary>Removes an image file's copy that a failed apply left half made (a full place), so it does not keep the room.</summary>
    public void DiscardUnfinished() => DeleteIfExists(CopyingDir);

    private HashSet<string> ReadAdded() =>
        File.Exists(AddedList)
            ? File.ReadAllLines(AddedList).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

    private static bool Exists(string path) => File.Exists(path) || new FileInfo(path).LinkTarget is not null;

    private static void DeleteIfExists(string dir)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// A link is kept as the link (its target may be anywhere); a file is copied in a folder of its own,
    /// flushed, then moved into place, so a kept copy is always whole and never mistaken for an image file.
    /// </summary>
    private void CopyOriginal(FileInfo current, string kept)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        if (current.LinkTarget is { } link)
        {
            File.CreateSymbolicLink(kept, link);
            return;
        }

        Directory.CreateDirectory(CopyingDir);
        var temp = Path.Combine(CopyingDir, Guid.NewGuid().ToString("N"));
        current.CopyTo(temp);
        using (var copy = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite))
        {
            copy.Flush(flushToDisk: true);
        }

        File.Move(temp, kept);
    }
}
