namespace DevLoop.Kubernetes.TestServer;

/// <summary>Equality-based label selectors ("app=web,tier=front"), the form DevLoop sends.</summary>
public static class Selector
{
    public static IReadOnlyDictionary<string, string> Parse(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);
}
