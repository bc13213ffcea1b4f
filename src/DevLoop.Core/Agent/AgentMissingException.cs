using DevLoop.Core.Channels;

namespace DevLoop.Core.Agent;

/// <summary>The target has no agent (or no dotnet) at the expected place; the engine decides what to do next.</summary>
public sealed class AgentMissingException : Exception
{
    public AgentMissingException(ExecResult result)
        : base($"The DevLoop agent could not be started (exit code {result.ExitCode}): {result.Stderr.Trim()} {result.Stdout.Trim()}".Trim())
    {
        Result = result;
    }

    public ExecResult Result { get; }
}
