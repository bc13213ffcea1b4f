namespace DevLoop.Core.Agent;

/// <summary>
/// The session's stream ended or broke (the container restarted, the exec was cut, the agent died,
/// a frame came out of step). The pool reopens once, then serves the target one exec per request.
/// </summary>
public sealed class AgentSessionLostException : Exception
{
    public AgentSessionLostException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
