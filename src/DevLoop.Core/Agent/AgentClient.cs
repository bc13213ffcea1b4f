using System.Text.Json;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Json;

namespace DevLoop.Core.Agent;

/// <summary>
/// Runs the agent's commands in a target, over the target's session when a pool holds one and
/// otherwise one exec per command, and turns its answers into results or coded errors.
/// </summary>
public sealed class AgentClient
{
    private readonly SyncTarget _target;
    private readonly AgentSessionPool? _sessions;

    public AgentClient(SyncTarget target, AgentSessionPool? sessions = null)
    {
        _target = target;
        _sessions = sessions;
    }

    public Task<AgentReply> GetManifestAsync(CancellationToken cancellationToken) =>
        RunAsync("manifest", null, cancellationToken);

    /// <summary>
    /// The generation the target holds now, asked cheaply (a session ping, or the `generation` verb);
    /// null from an agent too old to answer that without reading its whole manifest.
    /// </summary>
    public async Task<string?> GetGenerationAsync(CancellationToken cancellationToken)
    {
        try
        {
            // In a session, `ping`: the same stamp without the marks, which a sync does not read.
            var reply = await RunAsync("generation", null, cancellationToken, sessionVerb: "ping").ConfigureAwait(false);
            return reply.Generation ?? "none";
        }
        catch (DevLoopException e) when (e.Code == ErrorCodes.UnknownAgentCommand)
        {
            return null;
        }
    }

    /// <summary>What the target holds now and the marks of its last sync (for `status`).</summary>
    public Task<AgentReply> GetStateAsync(CancellationToken cancellationToken) =>
        RunAsync("generation", null, cancellationToken);

    /// <summary>Puts the app back on its image's files and restarts it there (for `reset`).</summary>
    public Task<AgentReply> ResetAsync(CancellationToken cancellationToken) =>
        RunAsync("reset", null, cancellationToken);

    public Task<AgentReply> ApplyAsync(Stream payload, CancellationToken cancellationToken) =>
        RunAsync("apply", payload, cancellationToken);

    /// <summary>True when the exec could not start the agent: no dotnet, or no agent where dotnet was told to look.</summary>
    public static bool IsAgentMissing(ExecResult result) => ExitCodes.AgentMissing(result.ExitCode);

    private async Task<AgentReply> RunAsync(string verb, Stream? stdin, CancellationToken cancellationToken, string? sessionVerb = null)
    {
        if (_sessions is not null)
        {
            var reply = await _sessions.TryRequestAsync(_target, new SessionRequest(sessionVerb ?? verb), stdin, cancellationToken).ConfigureAwait(false);
            if (reply is not null)
            {
                return Check(reply);
            }
        }

        var argv = new List<string>(_target.AgentCommand) { verb, "--app-dir", _target.AppDir };
        var result = await _target.Channel.ExecAsync(argv, stdin, cancellationToken).ConfigureAwait(false);
        return Check(Parse(result, verb));
    }

    private AgentReply Parse(ExecResult result, string verb)
    {
        if (IsAgentMissing(result))
        {
            throw new AgentMissingException(result);
        }

        var line = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(l => l.StartsWith('{'));
        AgentReply? reply = null;
        if (line is not null)
        {
            try
            {
                reply = JsonSerializer.Deserialize(line, CoreJsonContext.Default.AgentReply);
            }
            catch (JsonException)
            {
                reply = null;
            }
        }

        if (reply is null && result.ExitCode == ExitCodes.Killed)
        {
            throw new DevLoopException(
                ErrorCodes.TargetStoppedDuringSync,
                $"The DevLoop agent in {_target.Channel.DisplayName} was killed during '{verb}': the container stopped under it (stopped, restarted or removed, or its main process, the app, exited). "
                + (verb == "apply" ? "The agent marks an apply as unfinished until its last file is in place, so the next sync reads what the container holds and makes it one whole version again. " : string.Empty)
                + "Look at its state and logs for why it stopped (docker ps -a and docker logs; for a pod, kubectl describe pod and kubectl logs --previous), start it again if need be, and sync again.");
        }

        return reply ?? throw new DevLoopException(
            ErrorCodes.AgentFailed,
            $"The DevLoop agent in {_target.Channel.DisplayName} failed during '{verb}' ({ExitCodes.Describe(result.ExitCode)}) without a readable answer. "
            + $"Its output: {Trim(result.Stdout)} {Trim(result.Stderr)}".TrimEnd());
    }

    private static AgentReply Check(AgentReply reply)
    {
        if (!reply.Ok && reply.Code != AgentCodes.Stale)
        {
            throw new DevLoopException(reply.Code ?? ErrorCodes.AgentFailed, reply.Message ?? "The DevLoop agent reported a failure without a message.");
        }

        return reply;
    }

    private static string Trim(string text) => text.Length > 2000 ? text[..2000] + "…" : text.Trim();
}
