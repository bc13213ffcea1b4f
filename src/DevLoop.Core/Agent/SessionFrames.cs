using System.Text.Json;
using DevLoop.Agent.Session;
using DevLoop.Core.Errors;
using DevLoop.Core.Json;

namespace DevLoop.Core.Agent;

/// <summary>
/// The engine's end of the agent session: writes request and data frames to the agent's stdin and
/// reads its reply frames from stdout. The format itself is <see cref="FrameFormat"/>, shared with the agent.
/// </summary>
internal sealed class SessionFrames
{
    private readonly Stream _toAgent;
    private readonly Stream _fromAgent;
    private readonly string _displayName;
    private readonly byte[] _header = new byte[FrameFormat.HeaderSize];

    public SessionFrames(Stream toAgent, Stream fromAgent, string displayName)
    {
        _toAgent = toAgent;
        _fromAgent = fromAgent;
        _displayName = displayName;
    }

    public Task WriteRequestAsync(SessionRequest request, CancellationToken cancellationToken) =>
        WriteAsync(FrameKind.Request, JsonSerializer.SerializeToUtf8Bytes(request, CoreJsonContext.Default.SessionRequest), cancellationToken);

    /// <summary>The payload in data frames, then the empty data frame that ends it.</summary>
    public async Task WriteDataAsync(Stream data, CancellationToken cancellationToken)
    {
        var buffer = new byte[FrameFormat.HeaderSize + FrameFormat.DataChunk];
        int read;
        while ((read = await data.ReadAsync(buffer.AsMemory(FrameFormat.HeaderSize, FrameFormat.DataChunk), cancellationToken).ConfigureAwait(false)) > 0)
        {
            FrameFormat.WriteHeader(buffer, FrameKind.Data, read);
            await _toAgent.WriteAsync(buffer.AsMemory(0, FrameFormat.HeaderSize + read), cancellationToken).ConfigureAwait(false);
        }

        await WriteAsync(FrameKind.Data, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The next reply. An agent of another protocol version is a coded error; a stream that ended,
    /// broke off inside a frame or holds something other than a reply is a lost session.
    /// </summary>
    public async Task<AgentReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var got = await ReadFullyAsync(_header, cancellationToken).ConfigureAwait(false);
        if (got < _header.Length)
        {
            throw new AgentSessionLostException(got == 0
                ? $"The agent session in {_displayName} ended."
                : $"The agent session in {_displayName} ended inside a frame header ({got} of {FrameFormat.HeaderSize} bytes).");
        }

        var problem = FrameFormat.Check(_header, out var header);
        if (problem == FrameProblem.VersionMismatch)
        {
            throw ProtocolMismatch(_displayName, header.Version);
        }

        if (problem != FrameProblem.None || header.Kind != FrameKind.Reply)
        {
            var what = problem != FrameProblem.None ? FrameFormat.Describe(problem, _header) : $"a frame of kind {header.Kind} came where a reply was expected";
            throw new AgentSessionLostException($"The agent session in {_displayName} is out of step: {what}.");
        }

        var body = new byte[header.Length];
        if (await ReadFullyAsync(body, cancellationToken).ConfigureAwait(false) < body.Length)
        {
            throw new AgentSessionLostException($"The agent session in {_displayName} ended inside a reply of {header.Length} bytes.");
        }

        try
        {
            return JsonSerializer.Deserialize(body, CoreJsonContext.Default.AgentReply)
                ?? throw new AgentSessionLostException($"The agent session in {_displayName} sent an empty reply.");
        }
        catch (JsonException e)
        {
            throw new AgentSessionLostException($"The agent session in {_displayName} sent a reply that is not JSON: {e.Message}", e);
        }
    }

    public static DevLoopException ProtocolMismatch(string displayName, int agentProtocol) => new(
        ErrorCodes.AgentProtocolMismatch,
        $"The DevLoop agent in {displayName} speaks session protocol {agentProtocol}, this dotnet-devloop speaks {FrameFormat.Version}: "
        + "the tool and the DevLoop.Build package that built the image are different versions. "
        + "Update the tool (dotnet tool update -g DevLoop.Tool) or the DevLoop.Build package so both are the same version, rebuild the image, and sync again.");

    private async Task WriteAsync(FrameKind kind, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        // One write per frame: over WebSocket transports that is one message.
        var frame = new byte[FrameFormat.HeaderSize + body.Length];
        FrameFormat.WriteHeader(frame, kind, body.Length);
        body.CopyTo(frame.AsMemory(FrameFormat.HeaderSize));
        await _toAgent.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        await _toAgent.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> ReadFullyAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await _fromAgent.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
