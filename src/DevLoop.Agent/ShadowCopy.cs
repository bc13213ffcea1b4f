namespace DevLoop.Agent;

/// <summary>Copies the app folder once into the state folder, where the app user may write.</summary>
internal static class ShadowCopy
{
    public static void Seed(AgentLayout layout)
    {
        if (Directory.Exists(layout.ShadowDir))
        {
            // Left behind by an interrupted seed: the marker was never written.
            Directory.Delete(layout.ShadowDir, recursive: true);
        }

        var seeding = layout.ShadowDir + ".seeding-" + Environment.ProcessId;
        CopyTree(layout.AppDir, seeding);
        Directory.Move(seeding, layout.ShadowDir);
        File.WriteAllText(layout.ShadowSeededMarker, DateTimeOffset.UtcNow.ToString("O"));
    }

    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(source))
        {
            var name = Path.GetFileName(dir);
            if (name == ".devloop")
            {
                continue;
            }

            CopyTree(dir, Path.Combine(destination, name));
        }
    }
}
