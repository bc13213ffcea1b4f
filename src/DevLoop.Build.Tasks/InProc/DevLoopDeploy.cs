using DevLoop.Core.Errors;
using DevLoop.Targets.Sessions;
using DevLoop.Targets.Settings;
using Microsoft.Build.Framework;
using Task = Microsoft.Build.Utilities.Task;

namespace DevLoop.Build.Tasks;

/// <summary>Syncs the build output into the configured target and restarts the app there (MSBuild on .NET).</summary>
public sealed partial class DevLoopDeploy : Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    public void Cancel() => _cancel.Cancel();

    public override bool Execute()
    {
        try
        {
            var settings = DevLoopSettings.From(SettingItems.ToDictionary(Settings));
            var log = new MSBuildLog(Log, ProjectFile);
            using var prepared = PreparedSessions.Take(BuildEngine4, settings);
            // The one crossing from MSBuild's synchronous Execute into the async engine.
            var result = (prepared is null
                ? DeployOnce.RunAsync(settings, log, _cancel.Token)
                : DeployOnce.RunAsync(prepared, log, _cancel.Token)).GetAwaiter().GetResult();
            FilesSynced = result.FilesPut + result.FilesDeleted;
        }
        catch (DevLoopException e)
        {
            Log.LogError(null, e.Code, null, ProjectFile, 0, 0, 0, 0, e.Message);
        }
        catch (OperationCanceledException)
        {
            Log.LogWarning(null, ErrorCodes.BuildFailed, null, ProjectFile, 0, 0, 0, 0, "DeployDev was cancelled; the target keeps the version it had.");
            return false;
        }

        return !Log.HasLoggedErrors;
    }
}
