using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DevLoop.Core.Sources;

namespace DevLoop.Core.Sync;

/// <summary>
/// What a sync records in each target it changes (the agent keeps it beside the files), so that
/// `status` can say, from the target itself, which commit it runs, since when, and who synced it.
/// </summary>
/// <param name="Commit">The commit checked out where the project is; null outside Git.</param>
/// <param name="SyncedAt">UTC, to the second, as "yyyy-MM-ddTHH:mm:ssZ".</param>
/// <param name="By">The user and machine that synced ("ana@laptop").</param>
/// <param name="Project">The project whose output this is.</param>
/// <param name="Source">
/// A short hash of the project folder's full path: two copies of one project (two clones, two
/// worktrees) differ, without the target learning where the folder is.
/// </param>
public sealed record SyncMarks(string? Commit, string? SyncedAt, string? By, string? Project, string? Source = null)
{
    /// <summary>Marks for a sync starting now, from the project's folder.</summary>
    public static SyncMarks Now(string projectDir, string? projectName) => new(
        GitHead.Find(projectDir),
        Timestamp(DateTimeOffset.UtcNow),
        $"{Environment.UserName}@{Environment.MachineName}",
        projectName,
        SourceOf(projectDir));

    public static string SourceOf(string projectDir)
    {
        var path = Path.GetFullPath(projectDir).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);

        // One folder, however it was spelled (the IDE and a shell may differ in case where names are case-insensitive).
        if (OperatingSystem.IsWindows() || OperatingSystem.IsMacOS())
        {
            path = path.ToUpperInvariant();
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(path));
        return Convert.ToHexString(hash, 0, 6).ToLowerInvariant();
    }

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
