namespace DevLoop.Core.Sources;

/// <summary>
/// The commit checked out in the project's Git repository, read from the .git files (no git
/// process): recorded on pods so a synced pod says which commit its code came from.
/// </summary>
public static class GitHead
{
    /// <summary>The full commit id, or null when the folder is not in a Git repository or HEAD cannot be read.</summary>
    public static string? Find(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            var dotGit = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(dotGit))
            {
                return Resolve(dotGit, dotGit);
            }

            if (File.Exists(dotGit))
            {
                // A worktree or submodule: ".git" is a file naming the real git directory.
                var line = File.ReadAllText(dotGit).Trim();
                if (!line.StartsWith("gitdir:", StringComparison.Ordinal))
                {
                    return null;
                }

                var gitDir = Path.GetFullPath(line["gitdir:".Length..].Trim(), dir.FullName);
                var commonFile = Path.Combine(gitDir, "commondir");
                var common = File.Exists(commonFile) ? Path.GetFullPath(File.ReadAllText(commonFile).Trim(), gitDir) : gitDir;
                return Resolve(gitDir, common);
            }
        }

        return null;
    }

    private static string? Resolve(string gitDir, string commonDir)
    {
        var headFile = Path.Combine(gitDir, "HEAD");
        if (!File.Exists(headFile))
        {
            return null;
        }

        var head = File.ReadAllText(headFile).Trim();
        if (!head.StartsWith("ref:", StringComparison.Ordinal))
        {
            return IsCommitId(head) ? head : null;
        }

        var reference = head["ref:".Length..].Trim();
        foreach (var dir in new[] { gitDir, commonDir })
        {
            var loose = Path.Combine(dir, reference);
            if (File.Exists(loose) && File.ReadAllText(loose).Trim() is var id && IsCommitId(id))
            {
                return id;
            }
        }

        var packed = Path.Combine(commonDir, "packed-refs");
        if (File.Exists(packed))
        {
            foreach (var line in File.ReadLines(packed))
            {
                var parts = line.Split(' ', 2);
                if (parts.Length == 2 && parts[1] == reference && IsCommitId(parts[0]))
                {
                    return parts[0];
                }
            }
        }

        return null;
    }

    private static bool IsCommitId(string text) => text.Length is 40 or 64 && text.All(Uri.IsHexDigit);
}
