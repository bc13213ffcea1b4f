namespace DevLoop.Core.Watch;

/// <summary>A project folder with the folders its build writes to (full paths ending in a separator).</summary>
public sealed record WatchedFolder(string Path, IReadOnlyList<string> BuildDirs);
