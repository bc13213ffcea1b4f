using System.Text.Json;

namespace DevLoop.Cli.Building;

/// <summary>
/// The compiler's arguments for the project's build, as the IDEs read them: the build's own
/// properties, then `Compile` with the compiler's execution skipped and its command line provided
/// (NonExistentFile makes CoreCompile run even when the output is up to date). Nothing on disk changes.
/// </summary>
internal static class CompilerArguments
{
    public const string Target = "Compile";
    public const string Item = "CscCommandLineArgs";

    public static IReadOnlyDictionary<string, string> Properties { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["SkipCompilerExecution"] = "true",
        ["ProvideCommandLineArgs"] = "true",
        ["NonExistentFile"] = @"__NonExistentSubDir__\__NonExistentFile__",
    };

    /// <summary>The build's properties with the request's own.</summary>
    public static Dictionary<string, string?> With(IReadOnlyDictionary<string, string> buildProperties)
    {
        var properties = buildProperties.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in Properties)
        {
            properties[name] = value;
        }

        return properties;
    }

    /// <summary>The item's values from `dotnet msbuild -getItem` output.</summary>
    public static IReadOnlyList<string> FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("Items").GetProperty(Item).EnumerateArray()
            .Select(i => i.GetProperty("Identity").GetString() ?? string.Empty)
            .ToList();
    }
}
