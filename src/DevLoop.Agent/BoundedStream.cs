namespace DevLoop.Agent;

/// <summary>
/// Reads exactly the announced number of bytes from stdin and then reports the end, so the agent
/// never waits for an end of stdin that some exec transports cannot send.
/// </summary>
internal sealed class BoundedStream : Stream
{
    private readonly Stream _inner;
    private long _remaining;

    public BoundedStream(Stream inner, long length)
    {
        _inner = inner;
        _remaining = length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_remaining == 0)
        {
            return 0;
        }

        var read = _inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        if (read == 0)
        {
            throw new AgentException(ErrorCodes.AgentFailed, $"The payload ended {_remaining} bytes early: the connection to the container was cut during the sync. Nothing was changed; sync again.");
        }

        _remaining -= read;
        return read;
    }

    public void Drain()
    {
        var buffer = new byte[81920];
        while (Read(buffer) > 0)
        {
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
