namespace DevLoop.Agent.Session;

/// <summary>
/// The apply payload as it arrives in data frames, read as one stream that ends at the empty data
/// frame. The applier reads it exactly as it reads stdin in a per-exec apply.
/// </summary>
internal sealed class DataFrameStream : Stream
{
    private readonly FrameStream _frames;
    private byte[] _current = Array.Empty<byte>();
    private int _offset;
    private bool _ended;
    private AgentException? _broken;

    public DataFrameStream(FrameStream frames)
    {
        _frames = frames;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_offset == _current.Length)
        {
            if (_broken is not null)
            {
                throw _broken;
            }

            if (_ended)
            {
                return 0;
            }

            try
            {
                var frame = _frames.Read()
                    ?? throw new AgentException(FrameStream.BadFrameCode, "The session's input ended in the middle of an apply's data: the connection was cut. Nothing was changed; sync again.");
                if (frame.Kind != FrameKind.Data)
                {
                    throw new AgentException(FrameStream.BadFrameCode, $"A frame of kind {frame.Kind} arrived in the middle of an apply's data. Nothing was changed; the session ends.");
                }

                _ended = frame.Body.Length == 0;
                _current = frame.Body;
                _offset = 0;
            }
            catch (AgentException e)
            {
                // The stream is out of step for good: every later read (the skip after the applier) fails the same way.
                _broken = e;
                throw;
            }
        }

        var count = Math.Min(buffer.Length, _current.Length - _offset);
        _current.AsSpan(_offset, count).CopyTo(buffer);
        _offset += count;
        return count;
    }

    /// <summary>Reads past whatever the applier left, so the next frame read is the next request.</summary>
    public void SkipToEnd()
    {
        var buffer = new byte[FrameFormat.DataChunk];
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
