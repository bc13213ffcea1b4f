namespace DevLoop.Agent;

/// <summary>The folder the app really runs from: the app folder itself, or the shadow copy.</summary>
internal sealed record AppRoot(string Path, string Mode)
{
    public const string InPlace = "in-place";
    public const string Shadow = "shadow";

    /// <summary>
    /// The generation lives beside the files it describes, so a folder that goes back to the image
    /// (a restarted container) goes back to "none" with it and the engine reads the files again.
    /// </summary>
    public string GenerationFile => System.IO.Path.Combine(Path, ".devloop", "generation");

    public string ReadGeneration() =>
        File.Exists(GenerationFile) ? File.ReadAllText(GenerationFile).Trim() : "none";

    public void WriteGeneration(string generation)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(GenerationFile)!);
        var temp = GenerationFile + ".tmp";
        File.WriteAllText(temp, generation);
        File.Move(temp, GenerationFile, overwrite: true);
    }

    /// <summary>Puts in place a generation file written beforehand on the same file system (a rename needs no room).</summary>
    public void CommitGeneration(string writtenFile)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(GenerationFile)!);
        File.Move(writtenFile, GenerationFile, overwrite: true);
    }

    /// <summary>
    /// For reading: the shadow copy once it exists, otherwise the app folder (the shadow copy
    /// would start as an exact copy of it anyway).
    /// </summary>
    public static AppRoot ForReading(AgentLayout layout) =>
        File.Exists(layout.ShadowSeededMarker)
            ? new AppRoot(layout.ShadowDir, Shadow)
            : new AppRoot(layout.AppDir, InPlace);

    /// <summary>
    /// For writing: in place when the app folder is writable, otherwise a shadow copy seeded once
    /// from it. The stock images run as a non-root user with /app owned by root.
    /// </summary>
    /// <param name="syncBytes">The bytes the sync about to run sends, for the room a shadow copy needs.</param>
    public static AppRoot ForWriting(AgentLayout layout, long syncBytes)
    {
        if (File.Exists(layout.ShadowSeededMarker))
        {
            return new AppRoot(layout.ShadowDir, Shadow);
        }

        if (WritableDirectory.TryEnsure(System.IO.Path.Combine(layout.AppDir, ".devloop", "stage")))
        {
            return new AppRoot(layout.AppDir, InPlace);
        }

        ShadowCopy.Seed(layout, syncBytes);
        return new AppRoot(layout.ShadowDir, Shadow);
    }
}
