using System;
using System.Collections.Generic;
using Microsoft.Build.Framework;

namespace DevLoop.Build.Tasks;

/// <summary>
/// The parameters of DevLoopDeploy, declared once for both flavours: in-proc on MSBuild for .NET and
/// the ToolTask on MSBuild for .NET Framework. The settings come as items (see <see cref="SettingItems"/>);
/// the settings table (DevLoop.Targets) gives them their defaults and checks them.
/// </summary>
public sealed partial class DevLoopDeploy
{
    [Required]
    public ITaskItem[] Settings { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The net8.0 build of this assembly, which the .NET Framework flavour runs as a program.</summary>
    public string? HostAssembly { get; set; }

    [Output]
    public int FilesSynced { get; set; }

    /// <summary>The user's project ($(MSBuildProjectFullPath)): DevLoop's errors and warnings point at it, not at DevLoop.Build.targets.</summary>
    public string? Project { get; set; }

    private string? ProjectFile => string.IsNullOrEmpty(Project) ? BuildEngine?.ProjectFileOfTaskNode : Project;

    /// <summary>Each setting under the name of the MSBuild property it carries.</summary>
    internal IEnumerable<KeyValuePair<string, string?>> SettingValues() => SettingItems.Values(Settings);
}
