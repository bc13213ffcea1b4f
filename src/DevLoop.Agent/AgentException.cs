namespace DevLoop.Agent;

/// <summary>A failure reported to the engine with one of the DLnnnn codes the engine shows as is.</summary>
internal sealed class AgentException : Exception
{
    public AgentException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public string Code { get; }
}
