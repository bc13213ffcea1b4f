using System.Reflection;
using DevLoop.Agent.Session;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;

namespace DevLoop.Core.Agent;

/// <summary>
/// One agent process kept running in a target (`DevLoop.Agent.dll session`), answering framed
/// requests in order. Requests are serialized; a request that fails in the transport, or is cancelled
/// half-way, leaves the session broken, and its owner opens a new one.
/// </summary>
public sealed class AgentSession : IAsyncDisposable
{
    public static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ByeTimeout = TimeSpan.FromSeconds(5);

    private readonly IDuplexExec _exec;
    private readonly SessionFrames _frames;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _displayName;
    private bool _broken;

    private AgentSession(IDuplexExec exec, string displayName)
    {
        _exec = exec;
        _displayName = displayName;
        _frames = new SessionFrames(exec.Input, exec.Output, displayName);
    }

    /// <summary>The agent's answer to hello: its version, and what the target held when the session opened.</summary>
    public AgentReply Hello { get; private set; } = new();

    public bool IsBroken => _broken;

    public static string ToolVersion { get; } =
        typeof(AgentSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>
    /// Starts the agent's session and says hello. A target that cannot hold a session (no agent, an
    /// agent older than sessions, a transport failure) throws <see cref="AgentSessionLostException"/>;
    /// an agent of another protocol version throws the coded <see cref="ErrorCodes.AgentProtocolMismatch"/>.
    /// </summary>
    public static async Task<AgentSession> OpenAsync(IDuplexExecChannel channel, SyncTarget target, CancellationToken cancellationToken)
    {
        var argv = new List<string>(target.AgentCommand) { "session", "--app-dir", target.AppDir };
        var exec = await channel.StartDuplexAsync(argv, cancellationToken).ConfigureAwait(false);
        var session = new AgentSession(exec, target.Channel.DisplayName);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(HelloTimeout);
            try
            {
                session.Hello = await session.RequestAsync(new SessionRequest("hello", ToolVersion), null, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new AgentSessionLostException($"The agent session in {target.Channel.DisplayName} did not answer hello within {HelloTimeout.TotalSeconds:F0} s.");
            }

            if (session.Hello.Code == ErrorCodes.AgentProtocolMismatch || (session.Hello.Protocol is { } protocol && protocol != FrameFormat.Version))
            {
                throw SessionFrames.ProtocolMismatch(target.Channel.DisplayName, session.Hello.Protocol ?? -1);
            }

            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>One request and its reply; <paramref name="data"/> is sent as data frames after the request (apply).</summary>
    public async Task<AgentReply> RequestAsync(SessionRequest request, Stream? data, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_broken)
            {
                throw new AgentSessionLostException($"The agent session in {_displayName} was already broken.");
            }

            try
            {
                await _frames.WriteRequestAsync(request, cancellationToken).ConfigureAwait(false);
                if (data is not null)
                {
                    await _frames.WriteDataAsync(data, cancellationToken).ConfigureAwait(false);
                }

                var reply = await _frames.ReadReplyAsync(cancellationToken).ConfigureAwait(false);
                if (!reply.Ok && reply.Code == ErrorCodes.AgentSessionBroken)
                {
                    // The agent refused a frame of ours and ended the session.
                    throw new AgentSessionLostException($"The agent session in {_displayName} ended: {reply.Message}");
                }

                return reply;
            }
            catch (AgentSessionLostException e)
            {
                _broken = true;
                throw new AgentSessionLostException(await WithExitAsync(e.Message).ConfigureAwait(false), e.InnerException);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                _broken = true;
                throw new AgentSessionLostException(await WithExitAsync($"The agent session in {_displayName} broke: {e.Message}").ConfigureAwait(false), e);
            }
            catch (Exception)
            {
                // Cancelled (or worse) half-way: the stream may hold half a frame.
                _broken = true;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Says bye (the only way to end the agent where stdin cannot be closed), then lets go of the exec.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_broken)
        {
            using var timeout = new CancellationTokenSource(ByeTimeout);
            try
            {
                await RequestAsync(new SessionRequest("bye"), null, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AgentSessionLostException or OperationCanceledException)
            {
                // Going away anyway: disposing the exec below ends the agent.
                _broken = true;
            }
        }

        _broken = true;
        await _exec.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    /// <summary>The exit code and stderr of an agent that ended, when they are there to be had quickly.</summary>
    private async Task<string> WithExitAsync(string message)
    {
        var ended = await Task.WhenAny(_exec.Completion, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        if (ended != _exec.Completion || !_exec.Completion.IsCompletedSuccessfully)
        {
            return message;
        }

        var result = _exec.Completion.Result;
        var stderr = result.Stderr.Trim();
        return $"{message} The agent exited ({ExitCodes.Describe(result.ExitCode)}){(stderr.Length > 0 ? ": " + (stderr.Length > 500 ? stderr[..500] + "…" : stderr) : ".")}";
    }
}
