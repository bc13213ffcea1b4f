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

        foreach (var stale in Directory.EnumerateDirectories(layout.StateDir, Path.GetFileName(layout.ShadowDir) + ".seeding-*"))
        {
            Directory.Delete(stale, recursive: true);
        }

        var seeding = layout.ShadowDir + ".seeding-" + Guid.NewGuid().ToString("N")[..8];
        CopyTree(layout.AppDir, seeding);
        Directory.Move(seeding, layout.ShadowDir);
        File.WriteAllText(layout.ShadowSeededMarker, DateTimeOffset.UtcNow.ToString("O"));
    }

    /// <summary>Links are recreated as links (never followed, so a link to / copies nothing); sockets, pipes and devices are skipped.</summary>
    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(destination, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                if (entry is DirectoryInfo)
                {
                    Directory.CreateSymbolicLink(target, link);
                }
                else
                {
                    File.CreateSymbolicLink(target, link);
                }
            }
            else if (entry is DirectoryInfo dir)
            {
                if (dir.Name != ".devloop")
                {
                    CopyTree(dir.FullName, target);
                }
            }
            else if (entry is FileInfo file)
            {
                CopyFile(file, target);
            }
        }
    }

    /// <summary>
    /// .NET cannot tell a pipe, socket or device from a file, and opening a pipe blocks; all of them
    /// report length 0, so an empty entry is recreated empty without opening the source.
    /// </summary>
    private static void CopyFile(FileInfo file, string target)
    {
        if (file.Length > 0)
        {
            file.CopyTo(target);
            return;
        }

        File.Create(target).Dispose();
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(target, file.UnixFileMode);
        }
    }
}
