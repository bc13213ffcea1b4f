using DevLoop.Agent.HotReload;
using DevLoop.Core.Agent;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;

namespace DevLoop.Core.HotReload;

/// <summary>Hands one module's Hot Reload delta to the app in every target, in parallel, through each target's agent session.</summary>
public sealed class DeltaDelivery
{
    private readonly AgentSessionPool _sessions;

    public DeltaDelivery(AgentSessionPool sessions)
    {
        _sessions = sessions;
    }

    /// <param name="moduleId">The MVID of the module the delta is for.</param>
    /// <param name="changedTypes">The metadata tokens of the types the delta changed: the app's frameworks clear just their caches.</param>
    public async Task<IReadOnlyList<DeltaOutcome>> SendAsync(IReadOnlyList<SyncTarget> targets, Guid moduleId, byte[] metadata, byte[] il, byte[] pdb, int[] changedTypes, CancellationToken cancellationToken)
    {
        var bytes = new ModuleDelta(moduleId, metadata, il, pdb, changedTypes).ToBytes();
        return await Task.WhenAll(targets.Select(t => SendOneAsync(t, bytes, cancellationToken))).ConfigureAwait(false);
    }

    private async Task<DeltaOutcome> SendOneAsync(SyncTarget target, byte[] delta, CancellationToken cancellationToken)
    {
        AgentReply? reply;
        try
        {
            reply = await _sessions.TryRequestAsync(target, new SessionRequest("delta"), new MemoryStream(delta, writable: false), cancellationToken).ConfigureAwait(false);
        }
        catch (DevLoopException e)
        {
            return new DeltaOutcome(target, DeltaFate.Failed, e.Message);
        }

        if (reply is null)
        {
            return new DeltaOutcome(target, DeltaFate.Failed, "the target holds no agent session, which deltas need");
        }

        if (!reply.Ok)
        {
            return new DeltaOutcome(target, DeltaFate.Failed, $"{reply.Code}: {reply.Message}");
        }

        return reply.HotReload switch
        {
            "applied" => new DeltaOutcome(target, DeltaFate.Applied, null),
            "pending" => new DeltaOutcome(target, DeltaFate.OtherBuild, "the app runs another build of the project than the one the delta is for")
            {
                Running = Guid.TryParse(reply.EntryModule, out var module) && reply.EntryUpdates is { } updates ? (module, updates) : null,
            },
            "refused" => new DeltaOutcome(target, DeltaFate.Refused, reply.Message),
            "no-app" => new DeltaOutcome(target, DeltaFate.NoApp, reply.Message ?? "no app runs with the DevLoop hook"),
            _ => new DeltaOutcome(target, DeltaFate.Failed, reply.Message ?? $"the agent answered '{reply.HotReload}'"),
        };
    }
}
