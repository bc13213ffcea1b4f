using System.Reflection;

namespace DevLoop.Cli.CommandLine;

/// <summary>The DevLoop.Tool package version, as `--version` prints it.</summary>
internal static class ToolVersion
{
    /// <summary>
    /// The informational version carries the package version (0.1.0, 0.2.0-preview.1); the SDK appends
    /// '+commit' to it, which is not part of the package version and is dropped.
    /// </summary>
    public static string Text { get; } = Read(typeof(ToolVersion).Assembly);

    private static string Read(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
        {
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? informational : informational[..plus];
        }

        return assembly.GetName().Version?.ToString(3) ?? "unknown";
    }
}
