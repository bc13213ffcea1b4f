namespace DevLoop.Agent;

/// <summary>
/// In place, a sync replaces the image's own files. The first time it replaces or deletes one, the
/// image's copy is kept here, and every file a sync adds is listed, so that `reset` can put the app
/// folder back as the image made it without recreating the container. Files DevLoop wrote itself
/// are never kept: the copy here is always the image's.
/// </summary>
internal sealed class ImageOriginals
{
    private const string KeepingSuffix = ".keeping";

    private readonly string _root;

    public ImageOriginals(string root)
    {
        _root = root;
    }

    private string KeptDir => Path.Combine(_root, ".devloop", "original");

    private string AddedList => Path.Combine(_root, ".devloop", "added");

    /// <summary>Whether a sync ever changed this folder since DevLoop kept the image's copies (agents before that kept none).</summary>
    public bool Tracked => Directory.Exists(KeptDir);

    /// <summary>Before the first rename of an apply: keeps what the image had at the paths it writes or deletes.</summary>
    public void Keep(IReadOnlyCollection<string> written, IReadOnlyCollection<string> deleted)
    {
        Directory.CreateDirectory(KeptDir);
        var added = ReadAdded();
        var addedBefore = added.Count;
        foreach (var relative in written.Concat(deleted))
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
            else if (written.Contains(relative))
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

    /// <summary>Puts the image's files back and removes the ones DevLoop added; returns (restored, removed).</summary>
    public (int Restored, int Removed) Restore()
    {
        var restored = 0;
        if (Directory.Exists(KeptDir))
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
            foreach (var kept in Directory.EnumerateFiles(KeptDir, "*", options).ToList())
            {
                if (kept.EndsWith(KeepingSuffix, StringComparison.Ordinal))
                {
                    // A copy an interrupted apply never finished; the file it was copying was not replaced.
                    File.Delete(kept);
                    continue;
                }

                var destination = Path.Combine(_root, Path.GetRelativePath(KeptDir, kept));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Move(kept, destination, overwrite: true);
                restored++;
            }
        }

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

        if (Directory.Exists(KeptDir))
        {
            Directory.Delete(KeptDir, recursive: true);
        }

        if (File.Exists(AddedList))
        {
            File.Delete(AddedList);
        }

        return (restored, removed);
    }

    private HashSet<string> ReadAdded() =>
        File.Exists(AddedList)
            ? File.ReadAllLines(AddedList).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

    private static bool Exists(string path) => File.Exists(path) || new FileInfo(path).LinkTarget is not null;

    /// <summary>A link is kept as the link (its target may be anywhere); a file is copied through a temporary name, so a kept copy is always whole.</summary>
    private static void CopyOriginal(FileInfo current, string kept)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        if (current.LinkTarget is { } link)
        {
            File.CreateSymbolicLink(kept, link);
            return;
        }

        var temp = kept + KeepingSuffix;
        current.CopyTo(temp, overwrite: true);
        File.Move(temp, kept);
    }
}
