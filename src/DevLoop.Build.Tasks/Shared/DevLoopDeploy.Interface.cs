using System.Collections.Generic;
using DevLoop.Targets.Settings;
using Microsoft.Build.Framework;

namespace DevLoop.Build.Tasks;

/// <summary>
/// The parameters of DevLoopDeploy, declared once for both flavours: in-proc on MSBuild for .NET and
/// the ToolTask on MSBuild for .NET Framework. Each is the MSBuild property named beside it; the
/// settings table (DevLoop.Targets) gives them their defaults and checks them.
/// </summary>
public sealed partial class DevLoopDeploy
{
    [Required]
    public string OutputDir { get; set; } = string.Empty;

    [Required]
    public string StateDir { get; set; } = string.Empty;

    public string? Target { get; set; }

    public string? Container { get; set; }

    public string? AppDir { get; set; }

    public string? LocalDir { get; set; }

    public string? StaticDir { get; set; }

    public string? ProjectDir { get; set; }

    public string? DotNetHostPath { get; set; }

    public string? Restart { get; set; }

    public string? Kubeconfig { get; set; }

    public string? Context { get; set; }

    public string? Namespace { get; set; }

    public string? Selector { get; set; }

    public string? Workload { get; set; }

    public string? AllowedContexts { get; set; }

    public string? ReadyTimeout { get; set; }

    /// <summary>The net8.0 build of this assembly, which the .NET Framework flavour runs as a program.</summary>
    public string? HostAssembly { get; set; }

    [Output]
    public int FilesSynced { get; set; }

    /// <summary>The user's project: DevLoop's errors and warnings point at it, not at DevLoop.Build.targets.</summary>
    private string? ProjectFile => BuildEngine?.ProjectFileOfTaskNode;

    /// <summary>Each parameter under the name of the MSBuild property it carries.</summary>
    internal IEnumerable<KeyValuePair<string, string?>> SettingValues()
    {
        yield return Pair(SettingNames.OutputDir, OutputDir);
        yield return Pair(SettingNames.StateDir, StateDir);
        yield return Pair(SettingNames.Target, Target);
        yield return Pair(SettingNames.Container, Container);
        yield return Pair(SettingNames.AppDir, AppDir);
        yield return Pair(SettingNames.LocalDir, LocalDir);
        yield return Pair(SettingNames.StaticDir, StaticDir);
        yield return Pair(SettingNames.ProjectDir, ProjectDir);
        yield return Pair(SettingNames.DotNetHost, DotNetHostPath);
        yield return Pair(SettingNames.Restart, Restart);
        yield return Pair(SettingNames.Kubeconfig, Kubeconfig);
        yield return Pair(SettingNames.Context, Context);
        yield return Pair(SettingNames.Namespace, Namespace);
        yield return Pair(SettingNames.Selector, Selector);
        yield return Pair(SettingNames.Workload, Workload);
        yield return Pair(SettingNames.AllowedContexts, AllowedContexts);
        yield return Pair(SettingNames.ReadyTimeout, ReadyTimeout);
    }

    private static KeyValuePair<string, string?> Pair(string name, string? value) => new(name, value);
}
