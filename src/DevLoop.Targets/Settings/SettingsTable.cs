using System.Globalization;
using DevLoop.Core.Errors;
using DevLoop.Kubernetes.PortForward;
using DevLoop.Targets.Providers;

namespace DevLoop.Targets.Settings;

/// <summary>
/// Every DevLoop setting, its default and its validation, written once. The MSBuild tasks, the host
/// program of the .NET Framework task and the CLI all read settings through this table.
/// </summary>
public static class SettingsTable
{
    public static readonly Setting<string> Target = new(
        SettingNames.Target, "where the app runs: local, docker or kubernetes", "local", "local",
        value => TargetProviders.Find(value)?.Name ?? throw new FormatException(), "one of: " + string.Join(", ", TargetProviders.Names), ErrorCodes.UnknownTarget);

    public static readonly Setting<string?> Container = Text(SettingNames.Container, "docker: the container's name or id; kubernetes: the container in the pod (needed only when the pod has several)");

    public static readonly Setting<string?> ComposeService = Text(SettingNames.ComposeService, "docker: every container of this Compose service (instead of DevLoopContainer), found by Compose's labels");

    public static readonly Setting<string?> ComposeProject = Text(SettingNames.ComposeProject, "docker: the Compose project of DevLoopComposeService (default: as docker compose names it: COMPOSE_PROJECT_NAME, the compose file's name:, else its folder's name)");

    public static readonly Setting<string> AppDir = new(
        SettingNames.AppDir, "the folder the app runs from in the container", "/app", "/app",
        value => value.StartsWith('/') && !value.Split('/').Contains("..") ? value : throw new FormatException(),
        "an absolute path in the container without '..' (for example /app)", ErrorCodes.BadAppDir);

    public static readonly Setting<string?> LocalDir = Text(SettingNames.LocalDir, "local: the sandbox the app runs from (DevLoop.Build sets obj/devloop/local/app/)");

    public static readonly Setting<string?> StateDir = Text(SettingNames.StateDir, "where DevLoop keeps its state for the project (DevLoop.Build sets obj/devloop/)");

    public static readonly Setting<string?> StaticDir = Text(SettingNames.StaticDir, "static files synced to wwwroot/ without a restart (web projects: wwwroot/)");

    public static readonly Setting<string?> OutputDir = Text(SettingNames.OutputDir, "the build output synced into the target");

    public static readonly Setting<string?> ProjectDir = Text(SettingNames.ProjectDir, "the project's folder (its Git commit is recorded on the pods)");

    public static readonly Setting<string?> AssemblyFile = Text(SettingNames.AssemblyFile, "the app's assembly file name (the local target starts it)");

    public static readonly Setting<string?> DotNetHost = Text(SettingNames.DotNetHost, "the dotnet that runs the agent for the local target (default: dotnet on PATH)");

    public static readonly Setting<bool> Restart = new(
        SettingNames.Restart, "restart the app after a sync that changed code", true, "true", ParseBool, "true or false");

    public static readonly Setting<string?> Kubeconfig = Text(SettingNames.Kubeconfig, "kubernetes: a kubeconfig file (default: KUBECONFIG, then ~/.kube/config)");

    public static readonly Setting<string?> Context = Text(SettingNames.Context, "kubernetes: the kubeconfig context (default: its current-context)");

    public static readonly Setting<string?> Namespace = Text(SettingNames.Namespace, "kubernetes: the namespace (default: the context's, else default)");

    public static readonly Setting<string?> Selector = Text(SettingNames.Selector, "kubernetes: the pods matching a label selector, e.g. app=orders");

    public static readonly Setting<string?> Workload = Text(SettingNames.Workload, "kubernetes: the pods of a workload, e.g. deployment/orders");

    public static readonly Setting<string?> AllowedContexts = Text(SettingNames.AllowedContexts, "kubernetes: contexts DevLoop may change besides local clusters; separated by ';', ',' or spaces, * wildcards");

    public static readonly Setting<TimeSpan> ReadyTimeout = new(
        SettingNames.ReadyTimeout, "kubernetes: seconds to wait for a ready pod (a Compose service: for a healthy container)", TimeSpan.FromSeconds(60), "60",
        value => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds <= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(seconds) : throw new FormatException(),
        "a number of seconds, 0 or more");

    public static readonly Setting<IReadOnlyList<string>> WatchInclude = Globs(SettingNames.WatchInclude, "watch: extra files to watch, globs relative to the project, ';'-separated");

    public static readonly Setting<IReadOnlyList<string>> WatchExclude = Globs(SettingNames.WatchExclude, "watch: files not to watch, globs relative to the project, ';'-separated");

    public static readonly Setting<bool> HotReload = new(
        SettingNames.HotReload, "watch: apply C# edits to the running app as Hot Reload deltas (false: build, sync and restart on every save)", true, "true", ParseBool, "true or false");

    public static readonly Setting<bool> WarmEmit = new(
        SettingNames.WarmEmit, "watch: compile an edit hot reload cannot apply in process, from the warm compilation on the SDK's own compiler, once proven to give the build's bytes (false: run the build)", true, "true", ParseBool, "true or false");

    public static readonly Setting<IReadOnlyList<PortForwardSpec>> PortForward = new(
        SettingNames.PortForward, "kubernetes, watch: forward local ports to a ready pod's container ports, LOCAL:CONTAINER (or one port for both), separated by ';', ',' or spaces; loopback only",
        Array.Empty<PortForwardSpec>(), null, PortForwardSpec.ParseList, "LOCAL:CONTAINER port pairs (1-65535, each local port once), e.g. 5000:8080;5001:9090");

    public static IReadOnlyList<Setting> All { get; } = new Setting[]
    {
        Target, Container, ComposeService, ComposeProject, AppDir, LocalDir, StateDir, StaticDir, OutputDir, ProjectDir, AssemblyFile, DotNetHost, Restart,
        Kubeconfig, Context, Namespace, Selector, Workload, AllowedContexts, ReadyTimeout, WatchInclude, WatchExclude, HotReload, WarmEmit, PortForward,
    };

    private static Setting<string?> Text(string property, string description) =>
        new(property, description, null, null, value => value, "text");

    private static Setting<IReadOnlyList<string>> Globs(string property, string description) =>
        new(property, description, Array.Empty<string>(), null, value => value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), "globs separated by ';'");

    private static bool ParseBool(string value) =>
        value.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
        : value.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
        : throw new FormatException();
}
