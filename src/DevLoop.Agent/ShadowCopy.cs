namespace DevLoop.Agent;

/// <summary>Copies the app folder once into the state folder, where the app user may write.</summary>
internal static class ShadowCopy
{
    /// <param name="syncBytes">The bytes of the files the sync about to run sends (0 when the engine does not say).</param>
    public static void Seed(AgentLayout layout, long syncBytes)
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

        var appBytes = SizeOf(new DirectoryInfo(layout.AppDir));
        var purpose = $"the shadow copy of the app folder '{layout.AppDir}' ({FullPlace.Size(appBytes)}) and this sync's files ({FullPlace.Size(syncBytes)})";
        // Twice the app: a sync of every file stages its new copies beside the old ones.
        FullPlace.EnsureRoom(layout.StateDir, purpose, appBytes + syncBytes, 2 * appBytes);
        var seeding = layout.ShadowDir + ".seeding-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            CopyTree(layout.AppDir, seeding);
        }
        catch (IOException e) when (FullPlace.Is(e))
        {
            // A half copy would keep the place full for the app too. Should removing it fail, the
            // next seed removes it (stale .seeding-* folders), and the user still hears why.
            try
            {
                Directory.Delete(seeding, recursive: true);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"[devloop] The half-made shadow copy '{seeding}' could not be removed yet: {cleanup.Message}");
            }

            throw FullPlace.Refusal(layout.StateDir, purpose, appBytes + syncBytes, 2 * appBytes);
        }

        Directory.Move(seeding, layout.ShadowDir);
        File.WriteAllText(layout.ShadowSeededMarker, DateTimeOffset.UtcNow.ToString("O"));
    }

    /// <summary>The bytes of the regular files a copy takes (links are not followed, DevLoop's own folder is not copied).</summary>
    private static long SizeOf(DirectoryInfo dir)
    {
        long total = 0;
        foreach (var entry in dir.EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null)
            {
                continue;
            }

            total += entry switch
            {
                DirectoryInfo sub when sub.Name != ".devloop" => SizeOf(sub),
                FileInfo file => file.Length,
                _ => 0,
            };
        }

        return total;
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
