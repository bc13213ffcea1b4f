using System.Text.RegularExpressions;
using System.Xml.Linq;
using DevLoop.Core.Errors;

namespace DevLoop.Cli.Solutions;

/// <summary>The projects a solution lists: a .sln (its Project lines, solution folders left out) or a .slnx (its Project elements).</summary>
internal static partial class SolutionFile
{
    public static bool IsSolution(string path) =>
        path.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The full paths of the project files it lists, in its order.</summary>
    public static IReadOnlyList<string> Projects(string solution)
    {
        string text;
        try
        {
            text = File.ReadAllText(solution);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DevLoopException(ErrorCodes.ProjectNotFound, $"The solution '{solution}' cannot be read: {e.Message}", e);
        }

        var relative = solution.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase) ? FromSlnx(solution, text) : FromSln(text);
        var folder = Path.GetDirectoryName(Path.GetFullPath(solution))!;
        return relative
            .Where(p => p.EndsWith("proj", StringComparison.OrdinalIgnoreCase))
            .Select(p => Path.GetFullPath(Path.Combine(folder, p.Replace('\\', Path.DirectorySeparatorChar))))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static IEnumerable<string> FromSln(string text) =>
        SlnProject().Matches(text).Select(m => m.Groups["path"].Value);

    private static IEnumerable<string> FromSlnx(string solution, string text)
    {
        try
        {
            return XDocument.Parse(text).Descendants().Where(e => e.Name.LocalName == "Project").Select(e => (string?)e.Attribute("Path")).OfType<string>().ToList();
        }
        catch (System.Xml.XmlException e)
        {
            throw new DevLoopException(ErrorCodes.ProjectNotFound, $"The solution '{solution}' is not valid XML ({e.Message}). Fix it, or watch one project with --project.", e);
        }
    }

    // Project("{type}") = "Name", "relative\path.csproj", "{guid}"
    [GeneratedRegex(@"^Project\(""\{[^}]*\}""\)\s*=\s*""[^""]*""\s*,\s*""(?<path>[^""]*)""", RegexOptions.Multiline)]
    private static partial Regex SlnProject();
}
