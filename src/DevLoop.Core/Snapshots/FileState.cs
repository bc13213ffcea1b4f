namespace DevLoop.Core.Snapshots;

/// <summary>One output file as the engine last saw it. Paths are relative, with '/' separators.</summary>
public sealed record FileState(string Path, long Length, long LastWriteUtcTicks, string Hash, bool Executable);
