using YamlDotNet.RepresentationModel;

namespace DevLoop.Docker.Compose;

/// <summary>
/// The project name `docker compose` would use in a folder, in its order: COMPOSE_PROJECT_NAME (from the
/// environment, else the .env file beside the compose file), the compose file's top-level name:, else the
/// name of the folder that holds the compose file; the compose file is looked for from the folder upwards.
/// </summary>
public static class ComposeProjectName
{
    public const string Variable = "COMPOSE_PROJECT_NAME";

    /// <summary>The file names Compose looks for, in its order of preference.</summary>
    public static readonly IReadOnlyList<string> ComposeFileNames = new[] { "compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml" };

    /// <returns>The name, and where it came from for messages.</returns>
    public static (string Name, string Origin) For(string folder, Func<string, string?> environment)
    {
        var composeFile = FindComposeFile(folder);
        if (Normalize(environment(Variable)) is { Length: > 0 } fromEnvironment)
        {
            return (fromEnvironment, Variable);
        }

        if (composeFile is not null)
        {
            var composeFolder = Path.GetDirectoryName(composeFile)!;
            if (Normalize(DotEnvValue(Path.Combine(composeFolder, ".env"), Variable)) is { Length: > 0 } fromDotEnv)
            {
                return (fromDotEnv, $"{Variable} in {Path.Combine(composeFolder, ".env")}");
            }

            if (Normalize(TopLevelName(composeFile)) is { Length: > 0 } fromFile)
            {
                return (fromFile, $"the name: in {composeFile}");
            }

            return (Normalize(Path.GetFileName(composeFolder)), $"the name of the folder of {composeFile}");
        }

        var full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        return (Normalize(Path.GetFileName(full)), $"the name of the project's folder {full} (no compose file found there or above)");
    }

    /// <summary>As Compose normalizes: lower case, only a-z, 0-9, '_' and '-', not starting with '_' or '-'.</summary>
    public static string Normalize(string? name) =>
        name is null ? string.Empty : new string(name.ToLowerInvariant().Where(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-').ToArray()).TrimStart('_', '-');

    public static string? FindComposeFile(string folder)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(folder)); dir is not null; dir = dir.Parent)
        {
            foreach (var name in ComposeFileNames)
            {
                var candidate = Path.Combine(dir.FullName, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static string? TopLevelName(string composeFile)
    {
        try
        {
            using var reader = new StreamReader(composeFile);
            var yaml = new YamlStream();
            yaml.Load(reader);
            return yaml.Documents.FirstOrDefault()?.RootNode is YamlMappingNode root
                && root.Children.TryGetValue(new YamlScalarNode("name"), out var name) && name is YamlScalarNode scalar
                ? scalar.Value
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            // Compose itself refuses such a file; the folder's name is what a user then sees in 'docker compose ls'.
            return null;
        }
    }

    private static string? DotEnvValue(string file, string key)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        foreach (var raw in File.ReadLines(file))
        {
            var line = raw.Trim();
            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }

            var equals = line.IndexOf('=');
            if (equals > 0 && line[..equals].Trim() == key)
            {
                return line[(equals + 1)..].Trim().Trim('"', '\'');
            }
        }

        return null;
    }
}
