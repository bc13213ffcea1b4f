namespace DevLoop.Core.Watch;

/// <summary>
/// The files watch reacts to, as the project's evaluation listed them for the project and its
/// references: items, project files and project folders. Immutable; a new evaluation makes a new set.
/// </summary>
public sealed class WatchFileSet
{
    /// <summary>How paths compare on this OS's usual file systems.</summary>
    public static readonly StringComparer PathComparer = OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    private static readonly StringComparison PathComparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    private readonly HashSet<string> _files;
    private readonly HashSet<string> _projectFiles;

    private WatchFileSet(HashSet<string> files, HashSet<string> projectFiles, IReadOnlyList<WatchedFolder> folders)
    {
        _files = files;
        _projectFiles = projectFiles;
        Folders = folders;
    }

    public static WatchFileSet Empty { get; } = FromItems(Array.Empty<WatchItem>());

    /// <summary>Every watched file: items and project files.</summary>
    public IReadOnlyCollection<string> Files => _files;

    public IReadOnlyList<WatchedFolder> Folders { get; }

    public static WatchFileSet FromItems(IEnumerable<WatchItem> items)
    {
        var files = new HashSet<string>(PathComparer);
        var projectFiles = new HashSet<string>(PathComparer);
        var folders = new Dictionary<string, WatchedFolder>(PathComparer);
        foreach (var item in items)
        {
            var path = Normalize(item.Path);
            switch (item.Kind)
            {
                case WatchItemKind.File:
                    files.Add(path);
                    break;
                case WatchItemKind.Project:
                    files.Add(path);
                    projectFiles.Add(path);
                    break;
                case WatchItemKind.Folder:
                    var buildDirs = new[] { item.OutputDir, item.IntermediateDir }
                        .Where(d => !string.IsNullOrEmpty(d))
                        .Select(d => Normalize(d!) + Path.DirectorySeparatorChar)
                        .ToList();
                    folders.TryAdd(path, new WatchedFolder(path, buildDirs));
                    break;
            }
        }

        return new WatchFileSet(files, projectFiles, folders.Values.OrderBy(f => f.Path, PathComparer).ToList());
    }

    public bool Contains(string path) => _files.Contains(Normalize(path));

    public bool IsProjectFile(string path) => _projectFiles.Contains(Normalize(path));

    /// <summary>The innermost project folder that holds the path, if any.</summary>
    public WatchedFolder? FolderOf(string path)
    {
        var normalized = Normalize(path);
        return Folders.Where(f => IsUnder(normalized, f.Path)).MaxBy(f => f.Path.Length);
    }

    /// <summary>Whether the path is in a folder some watched project's build writes to (bin/, obj/).</summary>
    public bool IsBuildOutput(string path)
    {
        var normalized = Normalize(path) + Path.DirectorySeparatorChar;
        return Folders.Any(f => f.BuildDirs.Any(d => normalized.StartsWith(d, PathComparison)));
    }

    /// <summary>
    /// Where to watch: each project folder with its subfolders (a folder inside another is covered by
    /// it), and the folder of each file outside them on its own (a Directory.Build.props above the
    /// projects, a linked file).
    /// </summary>
    public IReadOnlyList<WatchRoot> Roots()
    {
        var recursive = Folders.Select(f => f.Path)
            .Where(p => !Folders.Any(o => !PathComparer.Equals(o.Path, p) && IsUnder(p, o.Path)))
            .ToList();
        var single = _files.Where(f => !recursive.Any(r => IsUnder(f, r)))
            .Select(f => Path.GetDirectoryName(f)!)
            .Distinct(PathComparer);
        return recursive.Select(r => new WatchRoot(r, Recursive: true))
            .Concat(single.Select(d => new WatchRoot(d, Recursive: false)))
            .OrderBy(r => r.Directory, PathComparer)
            .ToList();
    }

    /// <summary>The files in one set and not the other: items that appeared or went away.</summary>
    public IReadOnlyList<string> Difference(WatchFileSet other)
    {
        var changed = new HashSet<string>(_files, PathComparer);
        changed.SymmetricExceptWith(other._files);
        return changed.Order(PathComparer).ToList();
    }

    public static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    /// <summary>Whether a normalized path is the folder itself or inside it.</summary>
    private static bool IsUnder(string path, string folder) =>
        path.Equals(folder, PathComparison) || path.StartsWith(folder + Path.DirectorySeparatorChar, PathComparison);
}
