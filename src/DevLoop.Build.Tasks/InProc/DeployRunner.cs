using DevLoop.Core.Agent;
using DevLoop.Core.Logging;
using DevLoop.Core.Snapshots;
using DevLoop.Core.Sync;

namespace DevLoop.Build.Tasks;

/// <summary>The whole of DeployDev after the build: make the target, sync, record the summary.</summary>
internal static class DeployRunner
{
    public static async Task<SyncResult> RunAsync(DeployArguments args, IDevLoopLog log, CancellationToken cancellationToken)
    {
        var targets = await TargetFactory.CreateAsync(args, log, cancellationToken).ConfigureAwait(false);
        using (targets.Owner)
        {
            var request = new SyncRequest(args.OutputDir, targets.List, Path.Combine(args.StateDir, "sync"), args.Restart)
            {
                Group = targets.Group,
                Content = ContentRoot.StaticFiles(args.StaticDir),
            };
            // One agent process per target for the whole run: asking the generation and applying share it.
            SyncResult result;
            await using (var sessions = new AgentSessionPool(log))
            {
                result = await new SyncEngine(log, sessions).SyncAsync(request, cancellationToken).ConfigureAwait(false);
            }

            if (result.Restart == RestartOutcome.AppNotRunning)
            {
                log.Warning(
                    Core.Errors.ErrorCodes.AppNotRestarted,
                    args.Target == "local"
                        ? "The files were synced but no app is running from the sandbox: start it with 'dotnet devloop watch'."
                        : $"The files were synced to {(result.Group is null ? result.Target : "the " + result.Group.Unit + "s " + result.Target)} but no app there runs with the DevLoop agent hook, so nothing was restarted. Rebuild the image from a Debug build of a project that references DevLoop.Build.");
            }

            if (!string.IsNullOrEmpty(args.SummaryFile))
            {
                SyncSummary.From(result).WriteTo(args.SummaryFile!);
            }

            log.Info(SyncResultFormatter.Format(result));
            return result;
        }
    }
}
