using System.Text.Json;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Json;

namespace DevLoop.Core.Agent;

/// <summary>Runs the agent's commands through a channel and turns its answers into results or coded errors.</summary>
public sealed class AgentClient
{
    private readonly SyncTarget _target;

    public AgentClient(SyncTarget target)
    {
        _target = target;
    }

    public async Task<AgentReply> GetManifestAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync("manifest", null, cancellationToken).ConfigureAwait(false);
        return Parse(result, "manifest");
    }

    public async Task<AgentReply> ApplyAsync(Stream payload, CancellationToken cancellationToken)
    {
        var result = await RunAsync("apply", payload, cancellationToken).ConfigureAwait(false);
        return Parse(result, "apply");
    }

    /// <summary>True when the failure says the agent (or dotnet itself) is not in the target.</summary>
    public static bool IsAgentMissing(ExecResult result) =>
        result.ExitCode is 126 or 127 or 129
        || result.Stderr.Contains("does not exist", StringComparison.Ordinal)
        || result.Stdout.Contains("executable file not found", StringComparison.Ordinal)
        || result.Stderr.Contains("executable file not found", StringComparison.Ordinal);

    private Task<ExecResult> RunAsync(string verb, Stream? stdin, CancellationToken cancellationToken)
    {
        var argv = new List<string>(_target.AgentCommand) { verb, "--app-dir", _target.AppDir };
        return _target.Channel.ExecAsync(argv, stdin, cancellationToken);
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

        if (reply is null && result.ExitCode == 137)
        {
            throw new DevLoopException(
                ErrorCodes.TargetStoppedDuringSync,
                $"The DevLoop agent in {_target.Channel.DisplayName} was killed during '{verb}': the container's main process most likely exited (or the container was stopped) while the app restarted. "
                + "Look at the container's logs (docker logs) for why the app stopped, start it again and sync again.");
        }

        if (reply is null)
        {
            throw new DevLoopException(
                ErrorCodes.AgentFailed,
                $"The DevLoop agent in {_target.Channel.DisplayName} failed during '{verb}' (exit code {result.ExitCode}) without a readable answer. "
                + $"Its output: {Trim(result.Stdout)} {Trim(result.Stderr)}".TrimEnd());
        }

        if (!reply.Ok && reply.Code != AgentCodes.Stale)
        {
            throw new DevLoopException(reply.Code ?? ErrorCodes.AgentFailed, reply.Message ?? "The DevLoop agent reported a failure without a message.");
        }

        return reply;
    }

    private static string Trim(string text) => text.Length > 2000 ? text[..2000] + "…" : text.Trim();
}
