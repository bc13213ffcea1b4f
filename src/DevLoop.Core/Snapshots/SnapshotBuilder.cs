namespace DevLoop.Core.Snapshots;

/// <summary>
/// Walks an output folder and hashes only the files whose size or write time differ from the
/// previous snapshot, so the cost follows what changed rather than the size of the output.
/// </summary>
public static class SnapshotBuilder
{
    public static OutputSnapshot Take(string root, OutputSnapshot? previous, IReadOnlyList<ContentRoot>? content = null)
    {
        var rootInfo = new DirectoryInfo(root);
        if (!rootInfo.Exists)
        {
            throw new Errors.DevLoopException(
                Errors.ErrorCodes.OutputDirMissing,
                $"The build output folder '{root}' does not exist. Build the project first (dotnet build), or check OutputPath.");
        }

        var files = new Dictionary<string, FileState>(StringComparer.Ordinal);
        var hashed = Add(files, rootInfo, null, previous);
        foreach (var extra in content ?? Array.Empty<ContentRoot>())
        {
            var dir = new DirectoryInfo(extra.LocalDir);
            if (dir.Exists)
            {
                hashed += Add(files, dir, extra.TargetPrefix, previous);
            }
        }

        return new OutputSnapshot(rootInfo.FullName, files, hashed);
    }

    private static int Add(Dictionary<string, FileState> files, DirectoryInfo root, string? prefix, OutputSnapshot? previous)
    {
        var hashed = 0;
        var prefixLength = root.FullName.TrimEnd(Path.DirectorySeparatorChar).Length + 1;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        foreach (var file in root.EnumerateFiles("*", options))
        {
            var relative = file.FullName.Substring(prefixLength).Replace(Path.DirectorySeparatorChar, '/');
            if (IsIgnored(relative))
            {
                continue;
            }

            if (prefix is not null)
            {
                relative = prefix + "/" + relative;
            }

            var length = file.Length;
            var ticks = file.LastWriteTimeUtc.Ticks;
            if (previous is not null
                && previous.Files.TryGetValue(relative, out var before)
                && before.Length == length
                && before.LastWriteUtcTicks == ticks)
            {
                files[relative] = before;
                continue;
            }

            hashed++;
            files[relative] = new FileState(relative, length, ticks, FileHasher.HashFile(file.FullName), IsExecutable(file), prefix is null ? null : file.FullName);
        }

        return hashed;
    }

    /// <summary>Our own bookkeeping inside an output or app folder never travels.</summary>
    public static bool IsIgnored(string relativePath) =>
        relativePath.StartsWith(".devloop/", StringComparison.Ordinal);

    private static bool IsExecutable(FileInfo file)
    {
        if (OperatingSystem.IsWindows())
        {
            // Windows has no execute bit: treat extension-less files (the apphost) as executable.
            return file.Extension.Length == 0;
        }

        return (file.UnixFileMode & UnixFileMode.UserExecute) != 0;
    }
}
