using DevLoop.Core.Agent;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Sync;

namespace DevLoop.Targets.Status;

/// <summary>What the agent in a running target says it holds: whether a sync changed it, and that sync's marks.</summary>
internal sealed record AgentState(bool? Differs, SyncMarks? Marks, string? Note)
{
    public static async Task<AgentState> ReadAsync(SyncTarget target, CancellationToken cancellationToken)
    {
        AgentReply reply;
        try
        {
            reply = await new AgentClient(target).GetStateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AgentMissingException)
        {
            return new AgentState(null, null, "no DevLoop agent in the image, so DevLoop cannot tell what it runs (a Debug build of a project that references DevLoop.Build puts it there)");
        }
        catch (DevLoopException e)
        {
            return new AgentState(null, null, $"{e.Code}: {e.Message}");
        }

        var generation = reply.Generation ?? "none";
        return generation switch
        {
            "none" => new AgentState(false, null, null),
            "dirty-reset" => new AgentState(true, null, "a reset was cut short here; run reset again to finish it"),
            _ when generation.StartsWith("dirty-", StringComparison.Ordinal) => new AgentState(true, reply.Marks, "a sync is running here, or was cut short (the next sync completes it; reset puts the image back)"),
            _ => new AgentState(true, reply.Marks, null),
        };
    }

    public TargetStatus Row(string target, string state, bool? ready, string? note = null) => new()
    {
        Target = target,
        State = state,
        Ready = ready,
        DiffersFromImage = Differs,
        Commit = Marks?.Commit,
        SyncedAt = Marks?.SyncedAt,
        SyncedBy = Marks?.By,
        Note = Note ?? note,
    };
}
