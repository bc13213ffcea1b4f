using System;

namespace DevLoop.Build.Tasks;

/// <summary>
/// How the host program reports to the ToolTask: one prefixed line per event,
/// "devloop:error:DL1002:message", "devloop:warning:DL1011:message", "devloop:info:message", "devloop:detail:message".
/// </summary>
internal static class HostOutputLine
{
    public const string Prefix = "devloop:";

    public static string Format(string kind, string? code, string message) =>
        code is null ? $"{Prefix}{kind}:{OneLine(message)}" : $"{Prefix}{kind}:{code}:{OneLine(message)}";

    public static bool TryParse(string line, out string kind, out string? code, out string message)
    {
        kind = string.Empty;
        code = null;
        message = line;
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = line.Substring(Prefix.Length);
        var colon = rest.IndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        kind = rest.Substring(0, colon);
        message = rest.Substring(colon + 1);
        if (kind is "error" or "warning")
        {
            var second = message.IndexOf(':');
            if (second > 0)
            {
                code = message.Substring(0, second);
                message = message.Substring(second + 1);
            }
        }

        return true;
    }

    private static string OneLine(string message) => message.Replace("\r", " ").Replace("\n", " ");
}
