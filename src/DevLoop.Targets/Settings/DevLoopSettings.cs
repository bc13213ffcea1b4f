using DevLoop.Core.Errors;
using DevLoop.Kubernetes.PortForward;
using DevLoop.Kubernetes.Target;

namespace DevLoop.Targets.Settings;

/// <summary>A project's DevLoop settings, read and checked through <see cref="SettingsTable"/>.</summary>
public sealed record DevLoopSettings
{
    public required string Target { get; init; }

    public string? Container { get; init; }

    public string? ComposeService { get; init; }

    public string? ComposeProject { get; init; }

    public required string AppDir { get; init; }

    public string? LocalDir { get; init; }

    public required string StateDir { get; init; }

    public string? StaticDir { get; init; }

    public required string OutputDir { get; init; }

    public string? ProjectDir { get; init; }

    public string? AssemblyFile { get; init; }

    public string? DotNetHost { get; init; }

    public bool Restart { get; init; } = true;

    public required KubernetesSettings Kubernetes { get; init; }

    public IReadOnlyList<string> WatchInclude { get; init; } = Array.Empty<string>();

    public IReadOnlyList<string> WatchExclude { get; init; } = Array.Empty<string>();

    public bool HotReload { get; init; } = true;

    public bool WarmEmit { get; init; } = true;

    /// <summary>What watch forwards from this machine to a ready pod (kubernetes).</summary>
    public IReadOnlyList<PortForwardSpec> PortForwards { get; init; } = Array.Empty<PortForwardSpec>();

    /// <summary>The app's name as status shows it: its assembly, else its project folder.</summary>
    public string AppName => Path.GetFileNameWithoutExtension(AssemblyFile)
        is { Length: > 0 } name ? name : Path.GetFileName(Path.TrimEndingDirectorySeparator(ProjectDir ?? OutputDir));

    /// <summary>Where the engine keeps its snapshot and manifest caches.</summary>
    public string SyncStateDir => Path.Combine(StateDir, "sync");

    /// <summary>Equal in every setting that decides what is synced where (the watch globs, hot reload, the warm emit and port-forwards do not).</summary>
    public bool SameTargetAs(DevLoopSettings other) => WhatIsSynced(this) == WhatIsSynced(other);

    /// <param name="values">MSBuild property name → evaluated value (missing or empty: the default).</param>
    public static DevLoopSettings From(IReadOnlyDictionary<string, string?> values)
    {
        var appDir = SettingsTable.AppDir.Read(values);
        var container = SettingsTable.Container.Read(values);
        return new DevLoopSettings
        {
            Target = SettingsTable.Target.Read(values),
            Container = container,
            ComposeService = SettingsTable.ComposeService.Read(values),
            ComposeProject = SettingsTable.ComposeProject.Read(values),
            AppDir = appDir,
            LocalDir = SettingsTable.LocalDir.Read(values),
            StateDir = Required(SettingsTable.StateDir, values),
            StaticDir = SettingsTable.StaticDir.Read(values),
            OutputDir = Required(SettingsTable.OutputDir, values),
            ProjectDir = SettingsTable.ProjectDir.Read(values),
            AssemblyFile = SettingsTable.AssemblyFile.Read(values),
            DotNetHost = SettingsTable.DotNetHost.Read(values),
            Restart = SettingsTable.Restart.Read(values),
            WatchInclude = SettingsTable.WatchInclude.Read(values),
            WatchExclude = SettingsTable.WatchExclude.Read(values),
            HotReload = SettingsTable.HotReload.Read(values),
            WarmEmit = SettingsTable.WarmEmit.Read(values),
            PortForwards = SettingsTable.PortForward.Read(values),
            Kubernetes = new KubernetesSettings(
                SettingsTable.Kubeconfig.Read(values),
                SettingsTable.Context.Read(values),
                SettingsTable.Namespace.Read(values),
                SettingsTable.Selector.Read(values),
                SettingsTable.Workload.Read(values),
                container,
                SettingsTable.AllowedContexts.Read(values),
                appDir,
                SettingsTable.ReadyTimeout.Read(values)),
        };
    }

    private static DevLoopSettings WhatIsSynced(DevLoopSettings settings) => settings with
    {
        WatchInclude = Array.Empty<string>(),
        WatchExclude = Array.Empty<string>(),
        HotReload = true,
        WarmEmit = true,
        PortForwards = Array.Empty<PortForwardSpec>(),
    };

    private static string Required(Setting<string?> setting, IReadOnlyDictionary<string, string?> values) =>
        setting.Read(values) ?? throw new DevLoopException(ErrorCodes.MissingTaskParameter, $"{setting.Property} is not set; DevLoop.Build.targets sets it. Is DevLoop.Build imported by the project?");
}
