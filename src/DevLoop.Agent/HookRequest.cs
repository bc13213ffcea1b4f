using System.Globalization;

namespace DevLoop.Agent;

/// <summary>One request line the hook reads (see <see cref="HookProtocol"/>), checked before anything acts on it.</summary>
internal abstract record HookRequest
{
    public sealed record Ping : HookRequest;

    /// <summary>A delta of this many bytes follows the line.</summary>
    public sealed record Delta(int Length) : HookRequest;

    /// <summary>Start the app again from this folder (absolute).</summary>
    public sealed record Restart(string Root) : HookRequest;

    /// <summary>A request the hook answers with "failed WHY".</summary>
    public sealed record Refused(string Why) : HookRequest;

    /// <summary>Nothing the hook knows: the connection is closed without an answer, as before.</summary>
    public sealed record Unknown : HookRequest;

    public static HookRequest Parse(string? line)
    {
        if (line == "ping")
        {
            return new Ping();
        }

        if (line is not null && line.StartsWith("delta ", StringComparison.Ordinal))
        {
            return int.TryParse(line.AsSpan("delta ".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length <= HotReload.ModuleDelta.MaxSize
                ? new Delta(length)
                : new Refused("the delta's length is not a number of at most 16 MiB");
        }

        if (line is not null && line.StartsWith("restart ", StringComparison.Ordinal))
        {
            var root = line["restart ".Length..];
            return Path.IsPathFullyQualified(root) && !root.Contains('\0')
                ? new Restart(root)
                : new Refused("the folder to restart from is not an absolute path");
        }

        return new Unknown();
    }
}
