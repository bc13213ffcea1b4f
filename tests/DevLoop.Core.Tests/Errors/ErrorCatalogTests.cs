using System.Reflection;
using System.Text.RegularExpressions;
using DevLoop.Core.Errors;
using DevLoop.Testing;

namespace DevLoop.Core.Tests.Errors;

/// <summary>One catalog: every code defined once, in ErrorCodes, and the README's table lists exactly those.</summary>
public sealed partial class ErrorCatalogTests
{
    private static readonly Dictionary<string, string> Catalog = typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void Each_code_is_well_formed_and_means_one_thing()
    {
        Assert.All(Catalog.Values, code => Assert.Matches(CodeShape(), code));
        var repeated = Catalog.GroupBy(p => p.Value).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(p => p.Key))}");
        Assert.Empty(repeated);
    }

    [Fact]
    public void The_README_table_lists_exactly_the_catalog()
    {
        var rows = File.ReadLines(Path.Combine(RepoPaths.Root, "README.md"))
            .Select(line => TableRow().Match(line))
            .Where(m => m.Success)
            .ToList();
        var listed = rows.Where(m => !m.Groups["meaning"].Value.StartsWith("retired", StringComparison.Ordinal)).Select(m => m.Groups["code"].Value).ToList();
        var retired = rows.Where(m => m.Groups["meaning"].Value.StartsWith("retired", StringComparison.Ordinal)).Select(m => m.Groups["code"].Value).ToList();

        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(Catalog.Values.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Empty(retired.Intersect(Catalog.Values));
    }

    [Fact]
    public void No_source_file_spells_a_code_outside_the_catalog()
    {
        var src = Path.Combine(RepoPaths.Root, "src");
        var spelled = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && Path.GetFileName(f) != "ErrorCodes.cs")
            .SelectMany(f => CodeLiteral().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetRelativePath(src, f)}: {m.Value}"))
            .ToList();

        Assert.Empty(spelled);
    }

    [Fact]
    public void The_targets_files_use_catalog_codes()
    {
        var build = Path.Combine(RepoPaths.Root, "build");
        var used = Directory.EnumerateFiles(build, "*.targets", SearchOption.AllDirectories)
            .SelectMany(f => TargetsCode().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToList();

        Assert.NotEmpty(used);
        Assert.All(used, code => Assert.Contains(code, Catalog.Values));
    }

    [GeneratedRegex(@"^DL[0-5]\d{3}$")]
    private static partial Regex CodeShape();

    [GeneratedRegex(@"^\| (?<code>DL\d{4}) \| (?<meaning>.*) \|$")]
    private static partial Regex TableRow();

    [GeneratedRegex("\"DL\\d{4}\"")]
    private static partial Regex CodeLiteral();

    [GeneratedRegex("Code=\"(DL\\d{4})\"")]
    private static partial Regex TargetsCode();
}
