namespace DevLoop.Core.Snapshots;

/// <summary>
/// A source folder that travels next to the build output, under a prefix: the project's wwwroot,
/// whose files the build output does not hold but the app serves from its content root.
/// </summary>
public sealed record ContentRoot(string LocalDir, string TargetPrefix)
{
    /// <summary>The project's static files folder (DevLoopStaticDir), synced to wwwroot/; none when it is unset or absent.</summary>
    public static IReadOnlyList<ContentRoot> StaticFiles(string? staticDir) =>
        string.IsNullOrEmpty(staticDir) || !Directory.Exists(staticDir) ? Array.Empty<ContentRoot>() : new[] { new ContentRoot(staticDir, "wwwroot") };

    public bool Contains(string relativePath) =>
        relativePath.StartsWith(TargetPrefix + "/", StringComparison.Ordinal);
}
