using DevLoop.Agent;

/// <summary>
/// Loaded by the runtime before Main through the STARTUP_HOOKS runtime property that DevLoop.Build
/// writes into the app's runtimeconfig. It listens for restart requests from the applier.
/// The runtime requires this exact name, outside any namespace.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (OperatingSystem.IsWindows() || Environment.GetEnvironmentVariable("DEVLOOP_DISABLE_HOOK") == "1")
        {
            return;
        }

        var context = RestartContext.Capture();
        var layout = AgentLayout.TryCreate(context.OriginalAppDir);
        if (layout is null)
        {
            Console.Error.WriteLine($"[devloop] No writable folder for the agent's socket; restart in place is off for '{context.OriginalAppDir}'.");
            return;
        }

        HookServer.Start(layout, context);
    }
}
