using System.Globalization;

namespace DevLoop.Core.Sync;

/// <summary>The one-line summary every front end prints after a sync.</summary>
public static class SyncResultFormatter
{
    public static string Format(SyncResult result)
    {
        var where = result.Group is { } g
            ? $"{(g.Updated == g.Count ? g.Count.ToString(CultureInfo.InvariantCulture) : $"{g.Updated} of {g.Count}")} {Plural(g.Unit, g.Count)} {result.Target}"
            : result.Target;
        if (result.NothingChanged)
        {
            var all = result.Group is { } group ? $"{group.Count} {Plural(group.Unit, group.Count)} {result.Target} {(group.Count == 1 ? "is" : "are")}" : $"{result.Target} is";
            return $"DevLoop: {all} up to date (nothing changed; {Ms(result.Total)}).";
        }

        var files = result.FilesPut == 1 ? "1 file" : $"{result.FilesPut} files";
        var deleted = result.FilesDeleted > 0 ? $", deleted {result.FilesDeleted}" : string.Empty;
        var restart = result.Restart switch
        {
            RestartOutcome.Restarted => $"; restarted in place in {Ms(result.RestartDuration)}",
            RestartOutcome.NotServing => $"; restarted in place but not serving after {Ms(result.RestartDuration)}",
            RestartOutcome.ContainerRestarted => $"; container restarted in {Ms(result.RestartDuration)}",
            RestartOutcome.AppNotRunning => "; app not running, so not restarted",
            RestartOutcome.NotPossible => "; not restarted",
            _ => string.Empty,
        };
        return $"DevLoop: synced {files}{deleted} ({Bytes(result.PayloadBytes)}) to {where} in {Ms(result.Total)}{restart}.";
    }

    private static string Plural(string unit, int count) => count == 1 ? unit : unit + "s";

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms";

    private static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / (1024.0 * 1024)).ToString("F1", CultureInfo.InvariantCulture) + " MB",
    };
}
