namespace DevLoop.Core.Agent;

/// <summary>Codes the agent answers with that the engine handles itself rather than showing.</summary>
public static class AgentCodes
{
    /// <summary>The target's generation is not the one the plan was made against: re-read and re-plan.</summary>
    public const string Stale = "stale";
}
