namespace DevLoop.Core.Channels;

/// <summary>A channel plus where the app lives there and how to start the agent there.</summary>
/// <param name="AgentCommand">The argv that runs the agent, e.g. ["dotnet", "exec", "/app/DevLoop.Agent.dll"].</param>
public sealed record SyncTarget(ITargetChannel Channel, string AppDir, IReadOnlyList<string> AgentCommand)
{
    public const string AgentFileName = "DevLoop.Agent.dll";

    /// <summary>One target and app folder: what the manifest cache and the session pool key on.</summary>
    public string Key => Channel.Identity + "|" + AppDir;

    /// <summary>The agent inside the app folder of the target, run by the target's own dotnet.</summary>
    public static SyncTarget WithAgentInAppDir(ITargetChannel channel, string appDir) =>
        new(channel, appDir, new[] { "dotnet", "exec", appDir.TrimEnd('/') + "/" + AgentFileName });
}
