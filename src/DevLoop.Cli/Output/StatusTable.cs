using System.Globalization;
using DevLoop.Targets.Status;

namespace DevLoop.Cli.Output;

/// <summary>`status` as a table in kubectl's manner: aligned columns, relative times, notes as numbered footnotes.</summary>
internal static class StatusTable
{
    /// <summary>The state of a row whose service's targets could not be read at all.</summary>
    public const string Unreadable = "error";

    public static IReadOnlyList<string> Lines(IReadOnlyList<TargetStatus> rows, DateTimeOffset now)
    {
        var notes = new List<string>();
        var withGitOps = rows.Any(r => r.GitOps is not null);
        var table = new List<string[]>
        {
            withGitOps
                ? new[] { "SERVICE", "TARGET", "STATE", "READY", "CHANGED", "COMMIT", "SYNCED", "BY", "GITOPS" }
                : new[] { "SERVICE", "TARGET", "STATE", "READY", "CHANGED", "COMMIT", "SYNCED", "BY" },
        };
        foreach (var row in rows)
        {
            var target = row.Target;
            if (row.Note is not null)
            {
                notes.Add(row.Note);
                target += $" [{notes.Count}]";
            }

            var cells = new List<string>
            {
                row.Service ?? "-",
                target,
                row.State,
                YesNo(row.Ready, "-"),
                YesNo(row.DiffersFromImage, "?"),
                ShortCommit(row.Commit),
                Ago(row.SyncedAt, now),
                row.SyncedBy ?? "-",
            };
            if (withGitOps)
            {
                cells.Add(row.GitOps ?? "-");
            }

            table.Add(cells.ToArray());
        }

        var widths = Enumerable.Range(0, table[0].Length).Select(c => table.Max(r => r[c].Length)).ToArray();
        var lines = table.Select(r => string.Join("   ", r.Select((cell, c) => c == r.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd()).ToList();
        lines.AddRange(notes.Select((note, i) => $"[{i + 1}] {note}"));
        lines.Add(Summary(rows));
        return lines;
    }

    private static string Summary(IReadOnlyList<TargetStatus> rows)
    {
        var changed = rows.Count(r => r.DiffersFromImage == true);
        return changed == 0
            ? $"{rows.Count} target(s): none runs code DevLoop synced."
            : $"{changed} of {rows.Count} target(s) run code DevLoop synced, not their image's; 'dotnet devloop reset' puts the images' code back.";
    }

    private static string YesNo(bool? value, string unknown) => value switch
    {
        true => "yes",
        false => "no",
        null => unknown,
    };

    private static string ShortCommit(string? commit) => commit switch
    {
        null => "-",
        { Length: > 12 } => commit[..12],
        _ => commit,
    };

    /// <summary>"40s ago", "12m ago", "3h ago", "2d ago"; the text as it is when it is not a time.</summary>
    public static string Ago(string? time, DateTimeOffset now)
    {
        if (time is null)
        {
            return "-";
        }

        if (!DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return time;
        }

        var age = now - at;
        return age.TotalSeconds switch
        {
            < 0 => time,
            < 120 => $"{(int)age.TotalSeconds}s ago",
            < 7200 => $"{(int)age.TotalMinutes}m ago",
            < 172800 => $"{(int)age.TotalHours}h ago",
            _ => $"{(int)age.TotalDays}d ago",
        };
    }
}
