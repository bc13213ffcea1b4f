using System.Text;
using System.Text.RegularExpressions;

namespace DevLoop.Cli.CommandLine;

/// <summary>
/// The value of one `-p:` switch, `Name=Value;Name2=Value2`, read the way MSBuild reads it except that
/// a ',' never starts a new property: `DevLoopSelector=app=orders,tier!=db` stays one value. A ';'
/// inside double quotes stays in the value too (`-p:DevLoopAllowedContexts="a;b"`).
/// </summary>
internal static partial class PropertyAssignments
{
    /// <summary>The pairs in <paramref name="text"/>, or the reason it is not `Name=Value[;Name=Value]…`.</summary>
    public static bool TryParse(string text, out List<KeyValuePair<string, string>> pairs, out string? error)
    {
        pairs = new List<KeyValuePair<string, string>>();
        error = null;
        foreach (var piece in SplitOutsideQuotes(text))
        {
            var equals = piece.IndexOf('=');
            var name = equals < 0 ? piece.Trim() : piece[..equals].Trim();
            if (equals < 0 || !PropertyName().IsMatch(name))
            {
                error = equals < 0
                    ? $"'{piece}' is not of the form Name=Value. Set a property with -p:Name=Value (several: -p:A=1;B=2); name the project with --project PATH."
                    : $"'{name}' in '-p:{piece}' is not an MSBuild property name (letters, digits, '_' and '-', not starting with a digit).";
                return false;
            }

            pairs.Add(new KeyValuePair<string, string>(name, Unquote(piece[(equals + 1)..])));
        }

        if (pairs.Count == 0)
        {
            error = "-p needs Name=Value, e.g. -p:DevLoopTarget=docker.";
            return false;
        }

        return true;
    }

    private static IEnumerable<string> SplitOutsideQuotes(string text)
    {
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }

            if (c == ';' && !quoted)
            {
                if (current.ToString().Trim().Length > 0)
                {
                    yield return current.ToString();
                }

                current.Clear();
                continue;
            }

            current.Append(c);
        }

        if (current.ToString().Trim().Length > 0)
        {
            yield return current.ToString();
        }
    }

    private static string Unquote(string value) => value.Replace("\"", string.Empty, StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex PropertyName();
}
