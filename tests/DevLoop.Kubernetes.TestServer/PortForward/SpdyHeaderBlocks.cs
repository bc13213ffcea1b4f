using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace DevLoop.Kubernetes.TestServer.PortForward;

/// <summary>
/// SPDY/3 header blocks: a count, then length-prefixed names and values, in one zlib stream per direction
/// primed with <see cref="SpdyDictionary"/> and flushed after each block.
/// </summary>
internal static class SpdyHeaderBlocks
{
    public static byte[] Serialize(IReadOnlyList<(string Name, string Value)> headers)
    {
        var block = new MemoryStream();
        Write32(block, headers.Count);
        foreach (var (name, value) in headers)
        {
            WriteString(block, name.ToLowerInvariant());
            WriteString(block, value);
        }

        return block.ToArray();
    }

    public static uint Adler32(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        foreach (var value in data)
        {
            a = (a + value) % 65521;
            b = (b + a) % 65521;
        }

        return (b << 16) | a;
    }

    /// <summary>A deflate stored block (not final) holding the bytes, at a byte boundary as after a sync flush.</summary>
    public static void WriteStoredBlock(Stream to, ReadOnlySpan<byte> data)
    {
        to.WriteByte(0);
        Span<byte> lengths = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(lengths, (ushort)data.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(lengths[2..], (ushort)~data.Length);
        to.Write(lengths);
        to.Write(data);
    }

    private static void Write32(Stream to, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        to.Write(bytes);
    }

    private static void WriteString(Stream to, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Write32(to, bytes.Length);
        to.Write(bytes);
    }
}

/// <summary>
/// Compresses this end's header blocks without compressing: stored blocks are valid deflate, and the
/// zlib header names the dictionary, so a real SPDY peer (Go's spdystream) reads them as it reads any.
/// </summary>
internal sealed class SpdyHeaderEncoder
{
    private bool _started;

    public byte[] Encode(IReadOnlyList<(string Name, string Value)> headers)
    {
        var output = new MemoryStream();
        if (!_started)
        {
            // CMF 0x78 (deflate, 32 KiB window), FLG 0x20 (a preset dictionary; 0x7820 is a multiple of 31), then its Adler-32.
            output.Write(new byte[] { 0x78, 0x20 });
            Span<byte> id = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(id, SpdyHeaderBlocks.Adler32(SpdyDictionary.Bytes));
            output.Write(id);
            _started = true;
        }

        SpdyHeaderBlocks.WriteStoredBlock(output, SpdyHeaderBlocks.Serialize(headers));
        // The empty stored block a sync flush ends with: Go's inflater hands out a block's bytes only at
        // such a boundary, and otherwise reads on into the next frame's block and fails.
        SpdyHeaderBlocks.WriteStoredBlock(output, ReadOnlySpan<byte>.Empty);
        return output.ToArray();
    }
}

/// <summary>
/// Reads the peer's header blocks. .NET's inflater takes no preset dictionary, so its window is primed by
/// inflating a stored block that holds the dictionary first: back-references into it then resolve as zlib's would.
/// </summary>
internal sealed class SpdyHeaderDecoder : IDisposable
{
    private readonly HeaderInput _input = new();
    private readonly DeflateStream _inflater;
    private bool _started;

    public SpdyHeaderDecoder()
    {
        var primer = new MemoryStream();
        SpdyHeaderBlocks.WriteStoredBlock(primer, SpdyDictionary.Bytes);
        _input.Add(primer.ToArray());
        _inflater = new DeflateStream(_input, CompressionMode.Decompress, leaveOpen: true);
        _inflater.ReadExactly(new byte[SpdyDictionary.Bytes.Length]);
    }

    public List<(string Name, string Value)> Decode(byte[] compressed)
    {
        var data = compressed.AsSpan();
        if (!_started)
        {
            if (data.Length < 6 || (data[1] & 0x20) == 0 || BinaryPrimitives.ReadUInt32BigEndian(data[2..]) != SpdyHeaderBlocks.Adler32(SpdyDictionary.Bytes))
            {
                throw new InvalidDataException("the first header block does not start with a zlib header naming the SPDY/3 dictionary");
            }

            data = data[6..];
            _started = true;
        }

        _input.Add(data.ToArray());
        var count = ReadInt32();
        var headers = new List<(string, string)>(count);
        for (var i = 0; i < count; i++)
        {
            headers.Add((ReadString(), ReadString()));
        }

        return headers;
    }

    public void Dispose()
    {
        _inflater.Dispose();
        _input.Dispose();
    }

    private int ReadInt32()
    {
        Span<byte> bytes = stackalloc byte[4];
        _inflater.ReadExactly(bytes);
        return BinaryPrimitives.ReadInt32BigEndian(bytes);
    }

    private string ReadString()
    {
        var length = ReadInt32();
        if (length is < 0 or > 1 << 20)
        {
            throw new InvalidDataException($"a header of {length} bytes");
        }

        var bytes = new byte[length];
        _inflater.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The compressed bytes received so far; running out means a block ended before its headers did.</summary>
    private sealed class HeaderInput : Stream
    {
        private readonly Queue<byte[]> _chunks = new();
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Add(byte[] chunk) => _chunks.Enqueue(chunk);

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (_chunks.TryPeek(out var chunk))
            {
                if (_offset < chunk.Length)
                {
                    var n = Math.Min(buffer.Length, chunk.Length - _offset);
                    chunk.AsSpan(_offset, n).CopyTo(buffer);
                    _offset += n;
                    return n;
                }

                _chunks.Dequeue();
                _offset = 0;
            }

            throw new InvalidDataException("a header block ended before its headers did");
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
