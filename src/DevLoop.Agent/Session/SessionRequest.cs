namespace DevLoop.Agent.Session;

/// <summary>The body of a request frame.</summary>
internal sealed class SessionRequest
{
    public string Verb { get; set; } = string.Empty;

    /// <summary>The engine's product version, sent with hello (for messages only).</summary>
    public string? Tool { get; set; }
}
