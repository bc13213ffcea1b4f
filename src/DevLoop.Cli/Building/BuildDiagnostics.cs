using System.Globalization;
using System.Text.RegularExpressions;

namespace DevLoop.Cli.Building;

/// <summary>
/// Words MSBuild's errors and warnings once each, as `FILE(LINE,COL): error CODE: MESSAGE` with the
/// file relative to the project, and counts the errors: from a logger's structured events, or picked
/// out of a child build's output (`… [PROJECT]` suffix dropped).
/// </summary>
internal sealed partial class BuildDiagnostics
{
    private readonly string _projectDir;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public BuildDiagnostics(string projectDir)
    {
        _projectDir = projectDir;
    }

    public int Errors { get; private set; }

    public int Warnings { get; private set; }

    /// <summary>The line to show for an output line that is an error or warning seen for the first time; null otherwise.</summary>
    public string? Add(string line)
    {
        var match = Diagnostic().Match(line.Trim());
        if (!match.Success)
        {
            return null;
        }

        var origin = match.Groups["origin"].Value.Trim();
        if (Path.IsPathRooted(origin.Split('(')[0]))
        {
            origin = Path.GetRelativePath(_projectDir, origin);
        }

        return Add(origin, match.Groups["kind"].Value == "error", match.Groups["code"].Value, match.Groups["message"].Value.Trim());
    }

    /// <summary>
    /// The line to show for a structured diagnostic seen for the first time; null otherwise. A file
    /// relative to another project (an error in a referenced project) is made relative to ours.
    /// </summary>
    public string? Add(bool isError, string? code, string? message, string? file, int line, int column, string? projectFile)
    {
        var path = string.IsNullOrEmpty(file) ? projectFile : file;
        string origin;
        if (string.IsNullOrEmpty(path))
        {
            origin = "MSBUILD";
        }
        else
        {
            if (!Path.IsPathRooted(path) && !string.IsNullOrEmpty(projectFile) && Path.GetDirectoryName(projectFile) is { } owner)
            {
                path = Path.Combine(owner, path);
            }

            origin = Path.IsPathRooted(path) ? Path.GetRelativePath(_projectDir, path) : path;
        }

        if (line > 0)
        {
            origin += column > 0
                ? string.Create(CultureInfo.InvariantCulture, $"({line},{column})")
                : string.Create(CultureInfo.InvariantCulture, $"({line})");
        }

        return Add(origin, isError, code, (message ?? string.Empty).Trim());
    }

    private string? Add(string origin, bool isError, string? code, string message)
    {
        var kind = isError ? "error" : "warning";
        var shown = string.IsNullOrEmpty(code) ? $"{origin}: {kind}: {message}" : $"{origin}: {kind} {code}: {message}";
        if (!_seen.Add(shown))
        {
            return null;
        }

        if (isError)
        {
            Errors++;
        }
        else
        {
            Warnings++;
        }

        return shown;
    }

    [GeneratedRegex(@"^(?<origin>.+?): (?<kind>error|warning) (?<code>[A-Za-z]+[0-9]+): (?<message>.*?)(?: \[[^\]]+\])?$")]
    private static partial Regex Diagnostic();
}
