using System.Net.Sockets;
using DevLoop.Agent;

/// <summary>
/// Loaded by the runtime before Main through the STARTUP_HOOKS runtime property that DevLoop.Build
/// writes into the app's runtimeconfig. It listens for restart requests from the applier.
/// The runtime requires this exact name, outside any namespace. It must never stop the app from
/// starting: every failure turns restart in place off, with one line on stderr saying why.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (OperatingSystem.IsWindows() || Environment.GetEnvironmentVariable("DEVLOOP_DISABLE_HOOK") == "1")
        {
            return;
        }

        try
        {
            var context = RestartContext.Capture();
            var layout = AgentLayout.TryCreate(context.OriginalAppDir);
            if (layout is null)
            {
                Console.Error.WriteLine($"[devloop] No writable folder for the agent's socket; restart in place is off for '{context.OriginalAppDir}'.");
                return;
            }

            ResumeFromShadowCopy(layout, context);
            HookServer.Start(layout, context);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SocketException or ArgumentException)
        {
            Console.Error.WriteLine($"[devloop] Restart in place is off: {e.Message}");
        }
    }

    /// <summary>
    /// A container restarted from its image starts the app from the app folder again, while the
    /// synced files live on in the shadow copy (and the engine's manifest describes them): run those.
    /// </summary>
    private static void ResumeFromShadowCopy(AgentLayout layout, RestartContext context)
    {
        if (File.Exists(layout.ShadowSeededMarker)
            && context.CurrentRoot == layout.AppDir
            && Environment.GetEnvironmentVariable(RestartContext.ResumedVariable) != "1")
        {
            Console.Error.WriteLine($"[devloop] Resuming from the synced copy in {layout.ShadowDir}.");
            var command = ReExec.Prepare(context, layout.ShadowDir);
            ReExec.Run(command with { Environment = command.Environment.Append(RestartContext.ResumedVariable + "=1").ToArray() });
        }
    }
}
