using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using DevLoop.Agent.Session;

namespace DevLoop.Agent.Tests.Session;

/// <summary>Frames written by hand, as the engine (or something that is not the engine) would send them.</summary>
internal sealed class SessionScript
{
    private readonly MemoryStream _bytes = new();

    public SessionScript Request(string verb) => Frame(FrameKind.Request, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { verb })));

    public SessionScript Apply(Stream payload, int chunk = 1000)
    {
        Request("apply");
        var buffer = new byte[chunk];
        int read;
        while ((read = payload.Read(buffer)) > 0)
        {
            Frame(FrameKind.Data, buffer.AsSpan(0, read).ToArray());
        }

        return Frame(FrameKind.Data, Array.Empty<byte>());
    }

    public SessionScript Delta(byte[] delta) => Request("delta").Frame(FrameKind.Data, delta).Frame(FrameKind.Data, Array.Empty<byte>());

    public SessionScript Frame(FrameKind kind, byte[] body)
    {
        var header = new byte[FrameFormat.HeaderSize];
        FrameFormat.WriteHeader(header, kind, body.Length);
        _bytes.Write(header);
        _bytes.Write(body);
        return this;
    }

    public SessionScript Raw(params byte[] bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    /// <summary>A header with any version, kind and length (the writer refuses what the reader must refuse).</summary>
    public SessionScript Header(byte version, byte kind, uint length)
    {
        var header = new byte[] { (byte)'D', (byte)'L', version, kind, 0, 0, 0, 0 };
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), length);
        return Raw(header);
    }

    /// <summary>Runs a session over the script; the replies in order and the exit code.</summary>
    public (List<AgentReply> Replies, int ExitCode) Run(string appDir)
    {
        var output = new MemoryStream();
        var exitCode = SessionCommand.Run(appDir, new MemoryStream(_bytes.ToArray()), output);
        return (ReadReplies(output.ToArray()), exitCode);
    }

    private static List<AgentReply> ReadReplies(byte[] output)
    {
        var replies = new List<AgentReply>();
        var offset = 0;
        while (offset < output.Length)
        {
            Assert.Equal(FrameProblem.None, FrameFormat.Check(output.AsSpan(offset, FrameFormat.HeaderSize), out var header));
            Assert.Equal(FrameKind.Reply, header.Kind);
            offset += FrameFormat.HeaderSize;
            replies.Add(JsonSerializer.Deserialize(output.AsSpan(offset, header.Length), AgentJsonContext.Default.AgentReply)!);
            offset += header.Length;
        }

        return replies;
    }
}
