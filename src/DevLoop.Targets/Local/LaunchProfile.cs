using System.Text.Json;
using DevLoop.Core.Errors;

namespace DevLoop.Targets.Local;

/// <summary>The first "Project" profile of Properties/launchSettings.json, as `dotnet run` would use it.</summary>
public static class LaunchProfile
{
    public static Dictionary<string, string> Environment(string projectDir)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = Path.Combine(projectDir, "Properties", "launchSettings.json");
        if (!File.Exists(path))
        {
            return result;
        }

        try
        {
            return Read(path);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new DevLoopException(ErrorCodes.LaunchSettingsUnreadable, $"'{path}' could not be read ({e.Message}), so the app starts without its launch profile (URLs and environment). Fix the file, or set ASPNETCORE_URLS in the environment.", e);
        }
    }

    private static Dictionary<string, string> Read(string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!json.RootElement.TryGetProperty("profiles", out var profiles))
        {
            return result;
        }

        foreach (var profile in profiles.EnumerateObject())
        {
            if (!profile.Value.TryGetProperty("commandName", out var command) || command.GetString() != "Project")
            {
                continue;
            }

            if (profile.Value.TryGetProperty("applicationUrl", out var urls) && urls.GetString() is { Length: > 0 } url)
            {
                result["ASPNETCORE_URLS"] = url;
            }

            if (profile.Value.TryGetProperty("environmentVariables", out var variables))
            {
                foreach (var variable in variables.EnumerateObject())
                {
                    result[variable.Name] = variable.Value.GetString() ?? string.Empty;
                }
            }

            break;
        }

        return result;
    }
}
