using DevLoop.Core.Agent;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Targets.Providers;

namespace DevLoop.Targets.Status;

/// <summary>
/// Reset where DevLoop cannot recreate the target (containers): the agent in each puts back what the
/// image holds and restarts the app in place onto it, all targets in parallel.
/// </summary>
internal static class AgentReset
{
    public static async Task<ResetOutcome> RunAsync(IReadOnlyList<SyncTarget> targets, string groupName, IDevLoopLog log, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(targets.Select(t => ResetOneAsync(t, log, cancellationToken))).ConfigureAwait(false);
        var changed = results.Count(r => r != Outcome.Unchanged);
        var failed = results.Count(r => r == Outcome.Failed);
        if (changed == 0)
        {
            log.Info($"No container {groupName} carries DevLoop's changes ({targets.Count} checked); nothing to reset.");
        }
        else
        {
            log.Info(failed == 0
                ? $"Reset {changed} container(s) {groupName}: they run what their image holds."
                : $"Reset {changed - failed} of {changed} container(s) {groupName}; see the errors above.");
        }

        return new ResetOutcome(changed, failed);
    }

    private enum Outcome
    {
        Unchanged,
        Reset,
        Failed,
    }

    private static async Task<Outcome> ResetOneAsync(SyncTarget target, IDevLoopLog log, CancellationToken cancellationToken)
    {
        var name = target.Channel.DisplayName;
        AgentReply reply;
        try
        {
            reply = await new AgentClient(target).ResetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AgentMissingException)
        {
            log.Error(ErrorCodes.ResetImpossible, $"{name} has no DevLoop agent, so DevLoop cannot put its image's files back. Recreate it from its image (docker rm -f and run it again, or docker compose up -d --force-recreate).");
            return Outcome.Failed;
        }
        catch (DevLoopException e)
        {
            log.Error(e.Code, $"{name}: {e.Message}");
            return Outcome.Failed;
        }

        if (reply.Restart == "skipped")
        {
            log.Detail($"{name} already runs what its image holds.");
            return Outcome.Unchanged;
        }

        var restart = reply.Restart switch
        {
            "done" => $"the app restarted in place ({reply.RestartMs} ms)",
            "not-serving" => $"the app restarted but did not listen again on port {string.Join(", ", reply.Listening ?? Array.Empty<int>())}; look at its output",
            _ => "no app with the DevLoop hook was running; it runs the image's code when it starts",
        };
        log.Info($"{name}: {reply.Message}; {restart}.");
        return Outcome.Reset;
    }
}
