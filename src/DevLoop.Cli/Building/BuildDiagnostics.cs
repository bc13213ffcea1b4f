using System.Text.RegularExpressions;

namespace DevLoop.Cli.Building;

/// <summary>
/// Picks MSBuild's diagnostics out of build output (`FILE(LINE,COL): error CODE: MESSAGE [PROJECT]`)
/// and words each once: the file relative to the project, no project suffix, no repeats.
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

    /// <summary>The line to show for an error or warning seen for the first time; null otherwise.</summary>
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

        var shown = $"{origin}: {match.Groups["kind"].Value} {match.Groups["code"].Value}: {match.Groups["message"].Value.Trim()}";
        if (!_seen.Add(shown))
        {
            return null;
        }

        if (match.Groups["kind"].Value == "error")
        {
            Errors++;
        }

        return shown;
    }

    [GeneratedRegex(@"^(?<origin>.+?): (?<kind>error|warning) (?<code>[A-Za-z]+[0-9]+): (?<message>.*?)(?: \[[^\]]+\])?$")]
    private static partial Regex Diagnostic();
}
