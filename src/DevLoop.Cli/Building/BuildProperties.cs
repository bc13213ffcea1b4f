namespace DevLoop.Cli.Building;

/// <summary>The global properties of watch's and sync's builds: the user's -p: values, and no DeployDev.</summary>
internal static class BuildProperties
{
    /// <summary>
    /// Values as MSBuild's command line hands them on, with ',' and ';' escaped (%2C, %3B) so that a
    /// value reaches the build whole. DevLoopDeployOnBuild=false: watch and sync sync themselves, once.
    /// </summary>
    public static IReadOnlyDictionary<string, string> For(IReadOnlyDictionary<string, string> userProperties)
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in userProperties)
        {
            properties[name] = Escape(value);
        }

        properties["DevLoopDeployOnBuild"] = "false";
        return properties;
    }

    public static string Escape(string value) => value.Replace(",", "%2C", StringComparison.Ordinal).Replace(";", "%3B", StringComparison.Ordinal);
}
