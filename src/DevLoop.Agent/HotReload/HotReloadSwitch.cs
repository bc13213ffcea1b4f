namespace DevLoop.Agent.HotReload;

/// <summary>
/// Whether the app should be able to take Hot Reload deltas: on unless the project set
/// DevLoopHotReload=false (written into the app's runtimeconfig as DevLoop.HotReload) or the
/// container sets DEVLOOP_HOT_RELOAD=0.
/// </summary>
internal static class HotReloadSwitch
{
    public const string ModifiableAssemblies = "DOTNET_MODIFIABLE_ASSEMBLIES";

    public static bool Wanted =>
        !string.Equals(AppContext.GetData("DevLoop.HotReload") as string, "false", StringComparison.OrdinalIgnoreCase)
        && Environment.GetEnvironmentVariable("DEVLOOP_HOT_RELOAD") != "0";

    /// <summary>The runtime reads DOTNET_MODIFIABLE_ASSEMBLIES only when the process starts.</summary>
    public static bool StartedModifiable => Environment.GetEnvironmentVariable(ModifiableAssemblies) == "debug";
}
