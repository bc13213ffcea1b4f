using DevLoop.Core.Errors;
using DevLoop.Targets.Sessions;
using DevLoop.Targets.Settings;
using Microsoft.Build.Framework;
using Task = Microsoft.Build.Utilities.Task;

namespace DevLoop.Build.Tasks;

/// <summary>
/// Runs before the build of DeployDev (MSBuild for .NET): starts opening the target's session in the
/// background, so that connecting, finding the targets and starting their agents overlap with the
/// build instead of following it. Changes nothing in a target; DevLoopDeploy takes the session over.
/// </summary>
public sealed class DevLoopConnect : Task
{
    [Required]
    public ITaskItem[] Settings { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The user's project, which errors point at.</summary>
    public string? Project { get; set; }

    public override bool Execute()
    {
        try
        {
            var settings = DevLoopSettings.From(SettingItems.ToDictionary(Settings));
            PreparedSessions.Register(BuildEngine4, PreparedSession.Start(settings));
        }
        catch (DevLoopException e)
        {
            Log.LogError(null, e.Code, null, string.IsNullOrEmpty(Project) ? BuildEngine?.ProjectFileOfTaskNode : Project, 0, 0, 0, 0, e.Message);
        }

        return !Log.HasLoggedErrors;
    }
}
