namespace DevLoop.Core.Watch;

/// <summary>One entry of the watch list as the project's evaluation returned it.</summary>
/// <param name="Path">A full path.</param>
/// <param name="OutputDir">For a folder: its build output folder (bin/), whose changes are the build's own.</param>
/// <param name="IntermediateDir">For a folder: its intermediate folder (obj/).</param>
public sealed record WatchItem(string Path, WatchItemKind Kind, string? OutputDir = null, string? IntermediateDir = null);
