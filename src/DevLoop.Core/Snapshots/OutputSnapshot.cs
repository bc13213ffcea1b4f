namespace DevLoop.Core.Snapshots;

/// <summary>The build output at one moment: every file keyed by relative path.</summary>
public sealed class OutputSnapshot
{
    public OutputSnapshot(string root, IReadOnlyDictionary<string, FileState> files, int hashedCount)
    {
        Root = root;
        Files = files;
        HashedCount = hashedCount;
    }

    public string Root { get; }

    public IReadOnlyDictionary<string, FileState> Files { get; }

    /// <summary>How many files had to be hashed to take this snapshot (the rest were unchanged).</summary>
    public int HashedCount { get; }

    public string FullPath(string relativePath) =>
        Files.TryGetValue(relativePath, out var file) && file.Source is not null
            ? file.Source
            : System.IO.Path.Combine(Root, relativePath.Replace('/', System.IO.Path.DirectorySeparatorChar));
}
