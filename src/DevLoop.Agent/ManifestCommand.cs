namespace DevLoop.Agent;

/// <summary>`manifest`: the hashes of what the app runs from. Reads only; creates nothing but the state folder.</summary>
internal static class ManifestCommand
{
    public static AgentReply Run(string appDir)
    {
        RequireAppDir(appDir);
        var root = ReadingRoot(appDir);
        return new AgentReply
        {
            Ok = true,
            Generation = root.ReadGeneration(),
            Mode = root.Mode,
            Root = root.Path,
            Files = HashTree(root.Path),
        };
    }

    public static AppRoot ReadingRoot(string appDir)
    {
        var layout = AgentLayout.TryCreate(appDir);
        return layout is null ? new AppRoot(AgentLayout.Normalize(appDir), AppRoot.InPlace) : AppRoot.ForReading(layout);
    }

    public static void RequireAppDir(string appDir)
    {
        if (!Directory.Exists(appDir))
        {
            throw new AgentException(ErrorCodes.AppDirMissing, $"The app folder '{appDir}' does not exist in the container. Set DevLoopAppDir to the folder the app runs from (the image's WORKDIR; /app in the stock .NET images).");
        }
    }

    public static Dictionary<string, string> HashTree(string root)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var prefix = root.TrimEnd(Path.DirectorySeparatorChar).Length + 1;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        foreach (var file in Directory.EnumerateFiles(root, "*", options))
        {
            var relative = file.Substring(prefix).Replace(Path.DirectorySeparatorChar, '/');
            if (relative.StartsWith(".devloop/", StringComparison.Ordinal))
            {
                continue;
            }

            files[relative] = Hashing.HashFile(file);
        }

        return files;
    }
}
