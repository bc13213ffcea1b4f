using System.Text.Json;

namespace DevLoop.Agent.Session;

/// <summary>The agent's end of the session: reads frames from stdin and writes replies to stdout, synchronously.</summary>
internal sealed class FrameStream
{
    public const string ProtocolMismatchCode = ErrorCodes.AgentProtocolMismatch;
    public const string BadFrameCode = ErrorCodes.AgentSessionBroken;

    private readonly Stream _input;
    private readonly Stream _output;
    private readonly byte[] _header = new byte[FrameFormat.HeaderSize];

    public FrameStream(Stream input, Stream output)
    {
        _input = input;
        _output = output;
    }

    /// <summary>
    /// The next frame, or null when the input ended cleanly between frames. A frame of unknown kind is
    /// returned (its body read) so the caller can refuse it and go on; anything that leaves the
    /// stream unreadable (truncated, not a frame, oversized, another protocol version) throws.
    /// </summary>
    public Frame? Read()
    {
        var got = ReadFully(_header);
        if (got == 0)
        {
            return null;
        }

        if (got < _header.Length)
        {
            throw new AgentException(BadFrameCode, $"The session's input ended inside a frame header ({got} of {FrameFormat.HeaderSize} bytes): the connection was cut.");
        }

        var problem = FrameFormat.Check(_header, out var header);
        if (problem is not (FrameProblem.None or FrameProblem.UnknownKind))
        {
            var code = problem == FrameProblem.VersionMismatch ? ProtocolMismatchCode : BadFrameCode;
            throw new AgentException(code, "The DevLoop agent refused a frame: " + FrameFormat.Describe(problem, _header) + ". " + Advice(problem));
        }

        var body = new byte[header.Length];
        if (ReadFully(body) < body.Length)
        {
            throw new AgentException(BadFrameCode, $"The session's input ended inside a frame of {header.Length} bytes: the connection was cut.");
        }

        return new Frame(header.Kind, body);
    }

    public void WriteReply(AgentReply reply)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(reply, AgentJsonContext.Default.AgentReply);
        Span<byte> header = stackalloc byte[FrameFormat.HeaderSize];
        FrameFormat.WriteHeader(header, FrameKind.Reply, body.Length);
        _output.Write(header);
        _output.Write(body);
        _output.Flush();
    }

    public static string Advice(FrameProblem problem) => problem == FrameProblem.VersionMismatch
        ? "The dotnet-devloop tool and the DevLoop.Build package that built the image are different versions: update the tool or the package so they match, then rebuild the image."
        : "The session ends; DevLoop opens a new one.";

    private int ReadFully(byte[] buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = _input.Read(buffer, total, buffer.Length - total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
