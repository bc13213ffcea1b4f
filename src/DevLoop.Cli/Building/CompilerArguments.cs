using System.Text.Json;

namespace DevLoop.Cli.Building;

/// <summary>
/// The compiler's arguments for the project's build, as the IDEs read them: the build's own
/// properties, then `Compile` with the compiler's execution skipped and its command line provided
/// (NonExistentFile makes CoreCompile run even when the output is up to date), the referenced projects
/// only asked where their outputs are. Nothing on disk changes.
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

        // The referenced projects are asked where their outputs are, not built (as the IDEs' design-time builds do).
        ["BuildProjectReferences"] = "false",
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

    /// <summary>The items' values from `dotnet msbuild -getItem` output.</summary>
    /// <param name="buildProperties">The global properties of that build, which referenced projects start from.</param>
    public static CompilerArgumentsRead FromJson(string json, IReadOnlyDictionary<string, string> buildProperties)
    {
        using var document = JsonDocument.Parse(json);
        var items = document.RootElement.GetProperty("Items");
        var arguments = items.GetProperty(Item).EnumerateArray().Select(i => i.GetProperty("Identity").GetString() ?? string.Empty).ToList();
        var references = items.TryGetProperty(ReferencedProject.Item, out var referenced)
            ? referenced.EnumerateArray()
                .Select(i => ReferencedProject.From(
                    i.GetProperty("Identity").GetString() ?? string.Empty,
                    name => i.TryGetProperty(name, out var value) ? value.GetString() ?? string.Empty : string.Empty,
                    buildProperties))
                .OfType<ReferencedProject>()
                .ToList()
            : new List<ReferencedProject>();
        return new CompilerArgumentsRead(arguments, references, null);
    }
}
