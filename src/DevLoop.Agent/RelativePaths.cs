namespace DevLoop.Agent;

/// <summary>Payload names are untrusted: each must stay inside the root it is written to.</summary>
internal static class RelativePaths
{
    public static string Validate(string name)
    {
        if (name.Length == 0
            || name.StartsWith('/')
            || name.Contains('\\')
            || name.Contains('\0')
            || name.StartsWith(".devloop/", StringComparison.Ordinal)
            || name.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw new AgentException(ErrorCodes.AgentFailed, $"The payload holds the path '{name}', which is not a plain relative path inside the app folder. Nothing was changed.");
        }

        return name;
    }

    public static string Combine(string root, string relative) =>
        Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
}
