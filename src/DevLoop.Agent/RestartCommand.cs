namespace DevLoop.Agent;

/// <summary>`restart` (session only): restart the app in place from what its folder holds now, and wait until it serves again.</summary>
internal static class RestartCommand
{
    public static AgentReply Run(string appDir)
    {
        ManifestCommand.RequireAppDir(appDir);
        var layout = AgentLayout.TryCreate(appDir) ?? throw ApplyCommand.NoWritablePlace(appDir);
        var root = AppRoot.ForReading(layout);
        var restart = RestartRequester.Request(layout, root.Path);
        return new AgentReply { Ok = true, Generation = root.ReadGeneration(), Mode = root.Mode, Root = root.Path, Restart = restart.Outcome, RestartMs = restart.Milliseconds, Listening = restart.Listening };
    }
}
