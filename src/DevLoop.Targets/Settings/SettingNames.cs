namespace DevLoop.Targets.Settings
{
    /// <summary>
    /// The MSBuild property behind each setting. Plain constants in C# every target framework
    /// compiles, so the .NET Framework task (which cannot load this library) links this file too.
    /// </summary>
    internal static class SettingNames
    {
        public const string Target = "DevLoopTarget";
        public const string Container = "DevLoopContainer";
        public const string ComposeService = "DevLoopComposeService";
        public const string ComposeProject = "DevLoopComposeProject";
        public const string AppDir = "DevLoopAppDir";
        public const string LocalDir = "DevLoopLocalDir";
        public const string StateDir = "DevLoopStateDir";
        public const string StaticDir = "DevLoopStaticDir";
        public const string OutputDir = "TargetDir";
        public const string ProjectDir = "MSBuildProjectDirectory";
        public const string AssemblyFile = "TargetFileName";
        public const string DotNetHost = "DOTNET_HOST_PATH";
        public const string Restart = "DevLoopRestart";
        public const string Kubeconfig = "DevLoopKubeconfig";
        public const string Context = "DevLoopContext";
        public const string Namespace = "DevLoopNamespace";
        public const string Selector = "DevLoopSelector";
        public const string Workload = "DevLoopWorkload";
        public const string AllowedContexts = "DevLoopAllowedContexts";
        public const string ReadyTimeout = "DevLoopReadyTimeout";
        public const string WatchInclude = "DevLoopWatchInclude";
        public const string WatchExclude = "DevLoopWatchExclude";
        public const string HotReload = "DevLoopHotReload";
        public const string WarmEmit = "DevLoopWarmEmit";
        public const string PortForward = "DevLoopPortForward";
    }
}
