using System.Collections.Concurrent;
using DevLoop.Core.Channels;
using DevLoop.Core.Logging;

namespace DevLoop.Core.Agent;

/// <summary>
/// Owns one agent session per target (its identity and app folder) for as long as the caller keeps
/// the pool: a watch session, or one DeployDev. A target whose channel cannot hold a session, whose
/// session cannot be opened, or whose session dropped again right after being reopened is served one
/// exec per request instead (<see cref="TryRequestAsync"/> answers null).
/// </summary>
public sealed class AgentSessionPool : IAsyncDisposable
{
    private readonly IDevLoopLog _log;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public AgentSessionPool(IDevLoopLog log)
    {
        _log = log;
    }

    /// <summary>Whether the target is being served by a session now (for tests and diagnostics).</summary>
    public bool HoldsSession(SyncTarget target) =>
        _entries.TryGetValue(target.Key, out var entry) && entry.Session is { IsBroken: false };

    /// <summary>How many sessions were opened for the target so far (the first, plus reopens).</summary>
    public int OpenCount(SyncTarget target) => _entries.TryGetValue(target.Key, out var entry) ? entry.Opened : 0;

    /// <summary>
    /// The reply of the target's session to the request, or null when the target is to be served per
    /// exec. A session found dropped is reopened once and the request repeated (a seekable
    /// <paramref name="data"/> is rewound for it); when that fails too, the target goes per exec.
    /// </summary>
    public async Task<AgentReply?> TryRequestAsync(SyncTarget target, SessionRequest request, Stream? data, CancellationToken cancellationToken)
    {
        if (target.Channel is not IDuplexExecChannel channel)
        {
            return null;
        }

        var entry = _entries.GetOrAdd(target.Key, _ => new Entry());
        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var start = data is { CanSeek: true } ? data.Position : 0;
            for (var reopened = false; !entry.PerExec; reopened = true)
            {
                if (entry.Session is null && !await TryOpenAsync(entry, channel, target, cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                try
                {
                    return await entry.Session!.RequestAsync(request, data, cancellationToken).ConfigureAwait(false);
                }
                catch (AgentSessionLostException e)
                {
                    await entry.Session!.DisposeAsync().ConfigureAwait(false);
                    entry.Session = null;
                    if (data is { CanSeek: false })
                    {
                        // Part of the payload went into the lost session and cannot be sent again.
                        entry.PerExec = true;
                        throw new Errors.DevLoopException(Errors.ErrorCodes.AgentSessionBroken, $"The agent session in {target.Channel.DisplayName} dropped during '{request.Verb}' ({e.Message}). The target keeps one whole version, old or new; sync again.", e);
                    }

                    if (reopened)
                    {
                        entry.PerExec = true;
                        _log.Info($"DevLoop: the agent session in {target.Channel.DisplayName} dropped again ({e.Message}); going on with one exec per request.");
                        if (data is not null)
                        {
                            data.Position = start;
                        }

                        return null;
                    }

                    _log.Detail($"{e.Message} Reopening the session.");
                    if (data is not null)
                    {
                        data.Position = start;
                    }
                }
            }

            return null;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>
    /// Opens the target's session now, so the first real request does not wait for the agent to start.
    /// Nothing changes in the target; a target that cannot hold a session is left to be served per exec.
    /// </summary>
    public Task WarmAsync(SyncTarget target, CancellationToken cancellationToken) =>
        TryRequestAsync(target, new SessionRequest("ping"), null, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        var closing = _entries.Values.Where(e => e.Session is not null).Select(e => e.Session!.DisposeAsync().AsTask()).ToList();
        _entries.Clear();
        await Task.WhenAll(closing).ConfigureAwait(false);
    }

    private async Task<bool> TryOpenAsync(Entry entry, IDuplexExecChannel channel, SyncTarget target, CancellationToken cancellationToken)
    {
        try
        {
            entry.Opened++;
            entry.Session = await AgentSession.OpenAsync(channel, target, cancellationToken).ConfigureAwait(false);
            _log.Detail($"Agent session open in {target.Channel.DisplayName} (agent {entry.Session.Hello.AgentVersion}, generation {entry.Session.Hello.Generation}).");
            return true;
        }
        catch (Exception e) when (e is AgentSessionLostException or IOException || e is Errors.DevLoopException { Code: not Errors.ErrorCodes.AgentProtocolMismatch })
        {
            // No agent, an agent older than sessions, or a transport that refused: the exec path says which, if it matters.
            entry.PerExec = true;
            _log.Detail($"No agent session in {target.Channel.DisplayName} ({e.Message}); one exec per request.");
            return false;
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public AgentSession? Session { get; set; }

        public bool PerExec { get; set; }

        public int Opened { get; set; }
    }
}
