namespace DevLoop.Core.Watch;

/// <summary>A folder to put a file system watcher on: project folders whole, other folders for the files named in them.</summary>
public sealed record WatchRoot(string Directory, bool Recursive);
