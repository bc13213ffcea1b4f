using System.Diagnostics;
using DevLoop.Core.Agent;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Core.Snapshots;

namespace DevLoop.Core.Sync;

/// <summary>One sync: snapshot the output, plan against what the target holds, ship one stream, restart.</summary>
public sealed class SyncEngine
{
    private readonly IDevLoopLog _log;

    public SyncEngine(IDevLoopLog log)
    {
        _log = log;
    }

    public async Task<SyncResult> SyncAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var snapshotStore = new SnapshotStore(Path.Combine(request.StateDir, "snapshot.json"));
        var manifests = new ManifestCache(request.StateDir);
        var previous = snapshotStore.Load(Path.GetFullPath(request.OutputDir));
        var snapshot = SnapshotBuilder.Take(request.OutputDir, previous, request.Content);
        var snapshotTime = total.Elapsed;
        _log.Detail($"Snapshot of {snapshot.Files.Count} files, {snapshot.HashedCount} hashed, in {snapshotTime.TotalMilliseconds:F0} ms.");

        var agent = new AgentClient(request.Target);
        try
        {
            return await SyncWithAgentAsync(request, agent, manifests, snapshotStore, snapshot, previous, snapshotTime, total, cancellationToken).ConfigureAwait(false);
        }
        catch (AgentMissingException missing)
        {
            var fallback = new TarFallbackSync(_log);
            var result = await fallback.SyncAsync(request, snapshot, previous, manifests, missing, cancellationToken).ConfigureAwait(false);
            snapshotStore.Save(snapshot);
            return result with { Snapshot = snapshotTime, Total = total.Elapsed };
        }
    }

    private async Task<SyncResult> SyncWithAgentAsync(
        SyncRequest request,
        AgentClient agent,
        ManifestCache manifests,
        SnapshotStore snapshotStore,
        OutputSnapshot snapshot,
        OutputSnapshot? previous,
        TimeSpan snapshotTime,
        Stopwatch total,
        CancellationToken cancellationToken)
    {
        var channel = request.Target.Channel;
        var manifest = manifests.TryLoad(channel.Identity) ?? await ReadManifestAsync(agent, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var plan = SyncPlanner.Create(snapshot, manifest, previous);
            if (plan.IsEmpty)
            {
                snapshotStore.Save(snapshot);
                return new SyncResult(channel.DisplayName, 0, 0, 0, snapshotTime, total.Elapsed, RestartOutcome.NotNeeded, TimeSpan.Zero);
            }

            var newGeneration = Guid.NewGuid().ToString("N");
            var agentPlan = new AgentPlan(
                manifest.Generation,
                newGeneration,
                plan.Puts.ToDictionary(p => p.Path, p => p.Hash, StringComparer.Ordinal),
                plan.Deletes.ToList(),
                request.NeedsRestart(plan));
            using var payload = PayloadWriter.Write(plan, snapshot, agentPlan, request.Compression);
            var payloadBytes = payload.Length;
            _log.Detail($"Plan: put {plan.Puts.Count} files ({plan.PutBytes} bytes), delete {plan.Deletes.Count}; payload {payloadBytes} bytes.");
            foreach (var put in plan.Puts)
            {
                _log.Detail($"  put {put.Path}");
            }

            foreach (var deleted in plan.Deletes)
            {
                _log.Detail($"  delete {deleted}");
            }

            var reply = await agent.ApplyAsync(payload, cancellationToken).ConfigureAwait(false);
            if (reply.Code == AgentCodes.Stale)
            {
                if (attempt > 0)
                {
                    throw new DevLoopException(ErrorCodes.ApplyConflict, $"The files in {channel.DisplayName} changed again while DevLoop was syncing them. Another DevLoop session may be syncing the same target; stop it and try again.");
                }

                _log.Detail($"The manifest cached for {channel.DisplayName} was stale; reading it again.");
                manifests.Forget(channel.Identity);
                manifest = await ReadManifestAsync(agent, cancellationToken).ConfigureAwait(false);
                continue;
            }

            manifests.Save(channel.Identity, manifest.After(plan, reply.Generation ?? newGeneration));
            snapshotStore.Save(snapshot);
            var outcome = reply.Restart switch
            {
                "done" => RestartOutcome.Restarted,
                "no-app" => RestartOutcome.AppNotRunning,
                _ => RestartOutcome.NotNeeded,
            };
            return new SyncResult(
                channel.DisplayName,
                plan.Puts.Count,
                plan.Deletes.Count,
                payloadBytes,
                snapshotTime,
                total.Elapsed,
                outcome,
                TimeSpan.FromMilliseconds(reply.RestartMs));
        }
    }

    private async Task<RemoteManifest> ReadManifestAsync(AgentClient agent, CancellationToken cancellationToken)
    {
        var reply = await agent.GetManifestAsync(cancellationToken).ConfigureAwait(false);
        _log.Detail($"The target holds {reply.Files?.Count ?? 0} files ({reply.Mode} at {reply.Root}), generation {reply.Generation}.");
        return new RemoteManifest(reply.Generation ?? "none", reply.Files ?? new Dictionary<string, string>());
    }
}
