namespace DevLoop.Core.Snapshots;

/// <summary>One output file as the engine last saw it. Paths are relative, with '/' separators.</summary>
/// <param name="Source">Where the file is read from when it is not under the output folder (a content root).</param>
public sealed record FileState(string Path, long Length, long LastWriteUtcTicks, string Hash, bool Executable, string? Source = null);
