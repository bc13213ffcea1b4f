namespace DevLoop.Core.Watch;

/// <summary>
/// Decides what a file event means for watch against the current <see cref="WatchFileSet"/>: build,
/// read the list again, both, or nothing. The user's extra globs arrive as predicates over paths
/// relative to the app's project folder ('/'-separated), so this stays free of a glob library.
/// </summary>
public sealed class WatchClassifier
{
    private static readonly string[] ImportedByConvention = { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" };

    private readonly string _appDir;
    private readonly Func<string, bool> _included;
    private readonly Func<string, bool> _excluded;

    public WatchClassifier(string appDir, Func<string, bool>? included = null, Func<string, bool>? excluded = null)
    {
        _appDir = WatchFileSet.Normalize(appDir);
        _included = included ?? (_ => false);
        _excluded = excluded ?? (_ => false);
    }

    /// <summary>The path as watch reports it: relative to the app's project folder, '/'-separated.</summary>
    public string Relative(string path) => Path.GetRelativePath(_appDir, path).Replace(Path.DirectorySeparatorChar, '/');

    public WatchDecision Classify(WatchFileSet set, string path, FileEventKind kind)
    {
        var relative = Relative(path);
        if (EditorNoise.IsNoise(relative) || set.IsBuildOutput(path) || _excluded(relative))
        {
            return WatchDecision.Ignore;
        }

        if (set.IsProjectFile(path) || (IsProjectFileName(path) && set.FolderOf(path) is not null))
        {
            return WatchDecision.Build | WatchDecision.Reevaluate;
        }

        if (set.Contains(path))
        {
            return kind == FileEventKind.Deleted ? WatchDecision.Build | WatchDecision.Reevaluate : WatchDecision.Build;
        }

        if (!relative.StartsWith("../", StringComparison.Ordinal) && _included(relative))
        {
            return WatchDecision.Build;
        }

        // A file that appears in (or leaves) a project folder may be an item by glob (a new .cs file).
        return kind != FileEventKind.Changed && set.FolderOf(path) is { } folder && !IsHiddenOrPackages(folder, path)
            ? WatchDecision.Reevaluate
            : WatchDecision.Ignore;
    }

    /// <summary>
    /// Whether the paths that asked for a new reading, looked at once the burst is over, changed the
    /// folder's contents: an editor's save by rename (old file away, new one in) or a temp file that
    /// came and went leaves the list as it was, and then the project is not read again.
    /// </summary>
    public bool NeedsReevaluation(WatchFileSet set, IEnumerable<string> candidates, Func<string, bool> exists) =>
        candidates.Any(path =>
            set.IsProjectFile(path) || IsProjectFileName(path) || (set.Contains(path) ? !exists(path) : exists(path)));

    private static bool IsProjectFileName(string path)
    {
        var name = Path.GetFileName(path);
        return name.EndsWith("proj", StringComparison.OrdinalIgnoreCase) || ImportedByConvention.Contains(name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The SDK's default items leave out hidden folders (.git, .vs) and node_modules.</summary>
    private static bool IsHiddenOrPackages(WatchedFolder folder, string path) =>
        Path.GetRelativePath(folder.Path, path)
            .Split(Path.DirectorySeparatorChar)
            .Any(segment => (segment.StartsWith('.') && segment != "." && segment != "..") || segment == "node_modules");
}
