namespace DevLoop.Core.Agent;

/// <summary>The body of a request frame (the agent's Session.SessionRequest has the same JSON shape).</summary>
/// <param name="Tool">The engine's product version, sent with hello for the agent's messages.</param>
public sealed record SessionRequest(string Verb, string? Tool = null);
