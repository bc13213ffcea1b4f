namespace DevLoop.Agent;

/// <summary>Runs one verb and turns the failures the agent expects into coded replies (per-exec and in a session alike).</summary>
internal static class VerbRunner
{
    public static AgentReply Run(Func<AgentReply> verb)
    {
        try
        {
            return verb();
        }
        catch (AgentException e)
        {
            return AgentReply.Failure(e.Code, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException or System.Text.Json.JsonException or ArgumentException)
        {
            return AgentReply.Failure(ErrorCodes.AgentFailed, $"The DevLoop agent failed: {e.GetType().Name}: {e.Message}");
        }
    }

    public static AgentReply UnknownVerb(string verb) =>
        AgentReply.Failure(ErrorCodes.UnknownAgentCommand, $"Unknown agent command '{verb}'. The dotnet-devloop tool and the DevLoop.Build package that built the image may be different versions; update them to match and rebuild the image.");
}
