using System.Net.Sockets;
using DevLoop.Agent;
using DevLoop.Agent.HotReload;

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
            if (HotReloadSwitch.Wanted)
            {
                // Every later start of this app by DevLoop (restart in place, resume) takes deltas too.
                context.Environment[HotReloadSwitch.ModifiableAssemblies] = "debug";
            }

            var layout = AgentLayout.TryCreate(context.OriginalAppDir);
            if (layout is null)
            {
                Console.Error.WriteLine($"[devloop] No writable folder for the agent's socket; restart in place is off for '{context.OriginalAppDir}'.");
                return;
            }

            ResumeFromShadowCopy(layout, context);
            StartModifiable(context);
            HookServer.Start(layout, context);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SocketException or ArgumentException)
        {
            Console.Error.WriteLine($"[devloop] Restart in place is off: {e.Message}");
        }
    }

    /// <summary>
    /// Hot Reload needs DOTNET_MODIFIABLE_ASSEMBLIES=debug from the start of the process, and the
    /// image or pod spec should not have to say so: the process starts itself again, once, with it
    /// (same PID, before any of the app's code has run).
    /// </summary>
    private static void StartModifiable(RestartContext context)
    {
        if (HotReloadSwitch.Wanted && !HotReloadSwitch.StartedModifiable && !System.Diagnostics.Debugger.IsAttached)
        {
            ReExec.Run(
                ReExec.Prepare(context, context.CurrentRoot),
                "[devloop] Starting again with DOTNET_MODIFIABLE_ASSEMBLIES=debug, so that C# edits can be applied without a restart (DevLoopHotReload=false turns this off).");
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
