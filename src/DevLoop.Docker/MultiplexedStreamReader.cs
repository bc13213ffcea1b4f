using System.Buffers.Binary;

namespace DevLoop.Docker;

/// <summary>
/// Splits Docker's multiplexed stream (no TTY): frames of [type, 0, 0, 0, big-endian length] + payload,
/// type 1 stdout, 2 stderr (0 stdin is shown as stdout, 3 is a daemon error).
/// </summary>
public sealed class MultiplexedStreamReader
{
    private readonly Stream _stream;
    private readonly byte[] _header = new byte[8];

    public MultiplexedStreamReader(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>The next frame, or null at the end of the stream.</summary>
    public async Task<(int Type, byte[] Payload)?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < 8)
        {
            var n = await _stream.ReadAsync(_header.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return null;
            }

            read += n;
        }

        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(4));
        var payload = new byte[length];
        await _stream.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
        return (_header[0], payload);
    }
}
