using System.Buffers.Binary;
using System.Text;
using DevLoop.Agent.Session;
using DevLoop.Core.Agent;
using DevLoop.Core.Errors;

namespace DevLoop.Core.Tests.Agent;

/// <summary>The engine's end of the framing: what it refuses from the agent's stdout.</summary>
public sealed class SessionFramesTests
{
    private static SessionFrames Over(byte[] fromAgent, MemoryStream? toAgent = null) =>
        new(toAgent ?? new MemoryStream(), new MemoryStream(fromAgent), "container 'web'");

    private static byte[] Header(byte version, byte kind, uint length)
    {
        var header = new byte[] { (byte)'D', (byte)'L', version, kind, 0, 0, 0, 0 };
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), length);
        return header;
    }

    private static byte[] Reply(string json) => Header(FrameFormat.Version, (byte)FrameKind.Reply, (uint)Encoding.UTF8.GetByteCount(json)).Concat(Encoding.UTF8.GetBytes(json)).ToArray();

    [Fact]
    public async Task A_reply_is_read_and_requests_and_data_are_framed()
    {
        var toAgent = new MemoryStream();
        var frames = Over(Reply("{\"ok\":true,\"generation\":\"g\"}"), toAgent);

        await frames.WriteRequestAsync(new SessionRequest("apply"), CancellationToken.None);
        await frames.WriteDataAsync(new MemoryStream(new byte[FrameFormat.DataChunk + 10]), CancellationToken.None);
        var reply = await frames.ReadReplyAsync(CancellationToken.None);

        Assert.Equal("g", reply.Generation);
        var written = toAgent.ToArray();
        Assert.Equal(FrameProblem.None, FrameFormat.Check(written, out var request));
        Assert.Equal(FrameKind.Request, request.Kind);
        Assert.Equal("{\"verb\":\"apply\"}", Encoding.UTF8.GetString(written, 8, request.Length));
        var offset = 8 + request.Length;
        var sizes = new List<int>();
        while (offset < written.Length)
        {
            Assert.Equal(FrameProblem.None, FrameFormat.Check(written.AsSpan(offset), out var data));
            Assert.Equal(FrameKind.Data, data.Kind);
            sizes.Add(data.Length);
            offset += 8 + data.Length;
        }

        Assert.Equal(new[] { FrameFormat.DataChunk, 10, 0 }, sizes);
    }

    [Fact]
    public async Task A_stream_that_ends_between_or_inside_frames_is_a_lost_session()
    {
        var ended = await Assert.ThrowsAsync<AgentSessionLostException>(() => Over(Array.Empty<byte>()).ReadReplyAsync(CancellationToken.None));
        var inHeader = await Assert.ThrowsAsync<AgentSessionLostException>(() => Over(new byte[] { (byte)'D', (byte)'L' }).ReadReplyAsync(CancellationToken.None));
        var inBody = await Assert.ThrowsAsync<AgentSessionLostException>(() => Over(Reply("{\"ok\":true}")[..12]).ReadReplyAsync(CancellationToken.None));

        Assert.Contains("ended.", ended.Message);
        Assert.Contains("inside a frame header (2 of 8 bytes)", inHeader.Message);
        Assert.Contains("inside a reply of 11 bytes", inBody.Message);
    }

    [Fact]
    public async Task Oversized_unknown_and_non_frames_are_refused()
    {
        var oversized = await Assert.ThrowsAsync<AgentSessionLostException>(() => Over(Header(FrameFormat.Version, (byte)FrameKind.Reply, FrameFormat.MaxBody + 1u)).ReadReplyAsync(CancellationToken.None));
        var unknown = await Assert.ThrowsAsync<AgentSessionLostException>(() => Over(Header(FrameFormat.Version, 9, 0)).ReadReplyAsync(CancellationToken.None));
        var notAFrame = await Assert.ThrowsAsync<AgentSessionLostException>(() => Over("{\"ok\":false,\"code\":\"DL4002\"}\n"u8.ToArray()).ReadReplyAsync(CancellationToken.None));
        var request = await Assert.ThrowsAsync<AgentSessionLostException>(() => Over(Header(FrameFormat.Version, (byte)FrameKind.Request, 0)).ReadReplyAsync(CancellationToken.None));

        Assert.Contains("more than the 16777216 allowed", oversized.Message);
        Assert.Contains("unknown kind 9", unknown.Message);
        Assert.Contains("does not hold a DevLoop frame", notAFrame.Message);
        Assert.Contains("kind Request came where a reply was expected", request.Message);
    }

    [Fact]
    public async Task An_agent_of_another_protocol_version_is_a_coded_error_that_names_the_fix()
    {
        var error = await Assert.ThrowsAsync<DevLoopException>(() => Over(Header(FrameFormat.Version + 1, (byte)FrameKind.Reply, 2)).ReadReplyAsync(CancellationToken.None));

        Assert.Equal(ErrorCodes.AgentProtocolMismatch, error.Code);
        Assert.Contains($"speaks session protocol {FrameFormat.Version + 1}", error.Message);
        Assert.Contains("DevLoop.Build package that built the image are different versions", error.Message);
        Assert.Contains("rebuild the image", error.Message);
    }

    [Fact]
    public void The_writer_refuses_to_announce_more_than_the_bound()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameFormat.WriteHeader(new byte[8], FrameKind.Data, FrameFormat.MaxBody + 1));
    }
}
