using System.Text.Json;

namespace DevLoop.Agent;

/// <summary>
/// Who synced what and when, as the engine sent it with the plan. Kept beside the generation (in the
/// folder the app runs from), so `status` reads it from the target itself, and it goes back to the
/// image's state with the files it describes.
/// </summary>
internal sealed class SyncMarks
{
    private const int MaxLength = 200;

    public string? Commit { get; set; }

    public string? SyncedAt { get; set; }

    public string? By { get; set; }

    public string? Project { get; set; }

    /// <summary>A short hash of the project folder's path: which copy of the project synced.</summary>
    public string? Source { get; set; }

    /// <summary>
    /// Whether <paramref name="next"/> comes from where these marks came from: the same user on the same
    /// machine, from the same copy of the project (when both say which).
    /// </summary>
    public bool SameOrigin(SyncMarks next) =>
        By == next.By && (Source is null || next.Source is null || Source == next.Source);

    public static string FileOf(AppRoot root) => Path.Combine(root.Path, ".devloop", "marks.json");

    public static SyncMarks? Read(AppRoot root)
    {
        var file = FileOf(root);
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(file);
            return JsonSerializer.Deserialize(stream, AgentJsonContext.Default.SyncMarks);
        }
        catch (JsonException)
        {
            // Marks are information, never a reason to fail: a damaged file reads as none.
            return null;
        }
    }

    /// <summary>Writes the marks a sync will leave into <paramref name="dir"/> (before it changes anything); null when it leaves none.</summary>
    public static string? WritePending(string dir, SyncMarks? marks)
    {
        if (marks is null)
        {
            return null;
        }

        var file = Path.Combine(dir, "marks.json");
        using var stream = File.Create(file);
        JsonSerializer.Serialize(stream, marks, AgentJsonContext.Default.SyncMarks);
        return file;
    }

    /// <summary>Puts the pending marks in place (a rename), or removes the previous ones when the sync leaves none: they would lie.</summary>
    public static void PutInPlace(AppRoot root, string? pendingFile)
    {
        var file = FileOf(root);
        if (pendingFile is null)
        {
            if (File.Exists(file))
            {
                File.Delete(file);
            }

            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.Move(pendingFile, file, overwrite: true);
    }

    /// <summary>Marks are short plain text; anything else in them is refused with the rest of the plan.</summary>
    public void Validate()
    {
        foreach (var (name, value) in new[] { ("commit", Commit), ("syncedAt", SyncedAt), ("by", By), ("project", Project), ("source", Source) })
        {
            if (value is not null && (value.Length > MaxLength || value.Any(char.IsControl)))
            {
                throw new AgentException(ErrorCodes.AgentFailed, $"The plan's mark '{name}' is longer than {MaxLength} characters or holds control characters. Nothing was changed.");
            }
        }
    }
}
