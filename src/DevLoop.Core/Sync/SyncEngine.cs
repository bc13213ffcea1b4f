using System.Diagnostics;
using DevLoop.Core.Agent;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Core.Snapshots;

namespace DevLoop.Core.Sync;

/// <summary>
/// One sync: snapshot the output once, then for every target plan against what it holds, ship one
/// stream and restart, all targets in parallel. What a target holds is confirmed with it on every
/// sync (its generation); the cached manifest only saves reading its files again.
/// </summary>
public sealed class SyncEngine
{
    private readonly IDevLoopLog _log;
    private readonly AgentSessionPool? _sessions;

    /// <param name="sessions">Agent sessions to use and keep for later syncs; without it, one exec per agent command.</param>
    public SyncEngine(IDevLoopLog log, AgentSessionPool? sessions = null)
    {
        _log = log;
        _sessions = sessions;
    }

    public async Task<SyncResult> SyncAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        if (request.Targets.Count == 0)
        {
            throw new ArgumentException("A sync needs at least one target.", nameof(request));
        }

        using var stateLock = await StateLock.AcquireAsync(request.StateDir, _log, cancellationToken).ConfigureAwait(false);
        var total = Stopwatch.StartNew();
        var snapshotStore = new SnapshotStore(Path.Combine(request.StateDir, "snapshot.json"));
        var manifests = new ManifestCache(request.StateDir);
        var previous = snapshotStore.Load(Path.GetFullPath(request.OutputDir));
        var snapshot = SnapshotBuilder.Take(request.OutputDir, previous, request.Content);
        var snapshotTime = total.Elapsed;
        _log.Detail($"Snapshot of {snapshot.Files.Count} files, {snapshot.HashedCount} hashed, in {snapshotTime.TotalMilliseconds:F0} ms.");

        var runs = request.Targets
            .Select(target => new TargetSync(_log, request, target, manifests, snapshot, previous, _sessions).RunAsync(cancellationToken))
            .ToList();
        try
        {
            await Task.WhenAll(runs).ConfigureAwait(false);
        }
        catch (Exception) when (request.Targets.Count > 1)
        {
            throw GroupFailure(request, runs);
        }

        // Saved only when every target took it: the next sync then plans deletes against what they all hold.
        snapshotStore.Save(snapshot);
        var results = runs.Select(r => r.Result with { Snapshot = snapshotTime }).ToList();
        return request.Group is { } group
            ? SyncResult.Combine(group, results, snapshotTime, total.Elapsed)
            : results[0] with { Total = total.Elapsed };
    }

    private static Exception GroupFailure(SyncRequest request, IReadOnlyList<Task<SyncResult>> runs)
    {
        var failures = request.Targets.Zip(runs)
            .Where(pair => pair.Second.IsFaulted)
            .Select(pair => (pair.First.Channel.DisplayName, Error: pair.Second.Exception!.GetBaseException()))
            .ToList();
        if (failures.Any(f => f.Error is OperationCanceledException))
        {
            return new OperationCanceledException();
        }

        var first = failures[0].Error;
        var code = first is DevLoopException coded ? coded.Code : ErrorCodes.AgentFailed;
        var updated = runs.Count - failures.Count;
        var detail = string.Join(" ", failures.Select(f => $"{f.DisplayName}: {f.Error.Message}"));
        return new DevLoopException(code, $"{failures.Count} of {runs.Count} targets could not be synced ({updated} synced). {detail}", first);
    }

    /// <summary>Plan, apply and restart for one target, with the agent or the tar fallback.</summary>
    private sealed class TargetSync
    {
        private readonly IDevLoopLog _log;
        private readonly SyncRequest _request;
        private readonly SyncTarget _target;
        private readonly ManifestCache _manifests;
        private readonly OutputSnapshot _snapshot;
        private readonly OutputSnapshot? _previous;
        private readonly AgentSessionPool? _sessions;
        private readonly string _cacheKey;

        public TargetSync(IDevLoopLog log, SyncRequest request, SyncTarget target, ManifestCache manifests, OutputSnapshot snapshot, OutputSnapshot? previous, AgentSessionPool? sessions)
        {
            _sessions = sessions;
            _cacheKey = ManifestCache.KeyOf(target);
            _log = log;
            _request = request;
            _target = target;
            _manifests = manifests;
            _snapshot = snapshot;
            _previous = previous;
        }

        public async Task<SyncResult> RunAsync(CancellationToken cancellationToken)
        {
            var started = Stopwatch.StartNew();
            var agent = new AgentClient(_target, _sessions);
            try
            {
                var result = await WithAgentAsync(agent, cancellationToken).ConfigureAwait(false);
                return result with { Total = started.Elapsed };
            }
            catch (AgentMissingException missing)
            {
                var fallback = new TarFallbackSync(_log);
                var result = await fallback.SyncAsync(_request, _target, _snapshot, _previous, _manifests, missing, cancellationToken).ConfigureAwait(false);
                return result with { Total = started.Elapsed };
            }
        }

        private async Task<SyncResult> WithAgentAsync(AgentClient agent, CancellationToken cancellationToken)
        {
            var channel = _target.Channel;
            var manifest = await ConfirmedManifestAsync(agent, cancellationToken).ConfigureAwait(false);
            for (var attempt = 0; ; attempt++)
            {
                var plan = SyncPlanner.Create(_snapshot, manifest, _previous);
                if (plan.IsEmpty)
                {
                    return new SyncResult(channel.DisplayName, 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero, RestartOutcome.NotNeeded, TimeSpan.Zero);
                }

                var newGeneration = Guid.NewGuid().ToString("N");
                var agentPlan = new AgentPlan(
                    manifest.Generation,
                    newGeneration,
                    plan.Puts.ToDictionary(p => p.Path, p => p.Hash, StringComparer.Ordinal),
                    plan.Deletes.ToList(),
                    _request.NeedsRestart(plan),
                    _request.Marks)
                {
                    Bytes = plan.PutBytes,
                };
                using var payload = PayloadWriter.Write(plan, _snapshot, agentPlan, _request.Compression);
                var payloadBytes = payload.Length;
                LogPlan(channel, plan, payloadBytes);

                if (attempt == 0 && channel is IChangeRecorder recorder)
                {
                    await recorder.RecordChangeAsync(cancellationToken).ConfigureAwait(false);
                }

                var reply = await agent.ApplyAsync(payload, cancellationToken).ConfigureAwait(false);
                if (reply.Code == AgentCodes.Stale)
                {
                    if (attempt > 0)
                    {
                        throw new DevLoopException(ErrorCodes.ApplyConflict, $"The files in {channel.DisplayName} changed again while DevLoop was syncing them. Another DevLoop session may be syncing the same target; stop it and try again.");
                    }

                    _log.Detail($"The manifest cached for {channel.DisplayName} was stale; reading it again.");
                    _manifests.Forget(_cacheKey);
                    manifest = await ReadManifestAsync(agent, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                _manifests.Save(_cacheKey, manifest.After(plan, reply.Generation ?? newGeneration));
                if (reply.Replaced is { } replaced)
                {
                    _log.Warning(ErrorCodes.ReplacedAnotherSync, ReplacedMessage(channel.DisplayName, replaced));
                }

                var outcome = reply.Restart switch
                {
                    "done" => RestartOutcome.Restarted,
                    "not-serving" => RestartOutcome.NotServing,
                    "no-app" => RestartOutcome.AppNotRunning,
                    _ => RestartOutcome.NotNeeded,
                };
                if (outcome == RestartOutcome.NotServing)
                {
                    _log.Warning(
                        ErrorCodes.AppNotServing,
                        $"The app in {channel.DisplayName} restarted with the new files but did not listen again on port {string.Join(", ", reply.Listening ?? Array.Empty<int>())} within {reply.RestartMs / 1000.0:F0} s. "
                        + "Look at the app's output for a startup failure or a port it could not bind, fix it and sync again.");
                }

                return new SyncResult(
                    channel.DisplayName,
                    plan.Puts.Count,
                    plan.Deletes.Count,
                    payloadBytes,
                    TimeSpan.Zero,
                    TimeSpan.Zero,
                    outcome,
                    TimeSpan.FromMilliseconds(reply.RestartMs));
            }
        }

        private static string ReplacedMessage(string target, SyncMarks replaced)
        {
            var what = string.Join(", ", new[]
            {
                replaced.Project,
                replaced.Commit is { Length: >= 7 } commit ? "commit " + commit[..7] : null,
                replaced.SyncedAt is { } at ? "synced " + at : null,
            }.Where(part => part is not null));
            var who = replaced.By is { } by ? $"by {by}" : "by an unknown user";
            return $"This sync replaced the files another DevLoop sync had put in {target} ({what}; {who}, from another copy of the project or another user). "
                + $"Those changes are no longer in {target}. If someone else is working on it, agree who syncs it; `dotnet devloop status` shows who synced last.";
        }

        private void LogPlan(ITargetChannel channel, SyncPlan plan, long payloadBytes)
        {
            _log.Detail($"Plan for {channel.DisplayName}: put {plan.Puts.Count} files ({plan.PutBytes} bytes), delete {plan.Deletes.Count}; payload {payloadBytes} bytes.");
            foreach (var put in plan.Puts)
            {
                _log.Detail($"  put {put.Path}");
            }

            foreach (var deleted in plan.Deletes)
            {
                _log.Detail($"  delete {deleted}");
            }
        }

        /// <summary>
        /// The cached manifest when the target still holds the generation it describes; otherwise what
        /// the target holds, read from it. A container restarted from its image (state on a tmpfs, say)
        /// is at another generation, and is synced again instead of being reported up to date.
        /// </summary>
        private async Task<RemoteManifest> ConfirmedManifestAsync(AgentClient agent, CancellationToken cancellationToken)
        {
            var cached = _manifests.TryLoad(_cacheKey);
            if (cached is null)
            {
                return await ReadManifestAsync(agent, cancellationToken).ConfigureAwait(false);
            }

            var generation = await agent.GetGenerationAsync(cancellationToken).ConfigureAwait(false);
            if (generation == cached.Generation)
            {
                return cached;
            }

            _log.Detail($"{_target.Channel.DisplayName} is at generation {generation ?? "(not told)"}, not {cached.Generation} as last synced; reading what it holds.");
            _manifests.Forget(_cacheKey);
            return await ReadManifestAsync(agent, cancellationToken).ConfigureAwait(false);
        }

        private async Task<RemoteManifest> ReadManifestAsync(AgentClient agent, CancellationToken cancellationToken)
        {
            var reply = await agent.GetManifestAsync(cancellationToken).ConfigureAwait(false);
            _log.Detail($"{_target.Channel.DisplayName} holds {reply.Files?.Count ?? 0} files ({reply.Mode} at {reply.Root}), generation {reply.Generation}.");
            var manifest = new RemoteManifest(reply.Generation ?? "none", reply.Files ?? new Dictionary<string, string>());
            // Kept even when nothing is then synced, so the next sync confirms the generation instead of reading every file again.
            _manifests.Save(_cacheKey, manifest);
            return manifest;
        }
    }
}
