using System.Net.WebSockets;

namespace DevLoop.Kubernetes.TestServer.PortForward;

/// <summary>
/// A WebSocket as a byte stream, as client-go's tunnelling connection treats it: binary messages are
/// pieces of one stream in each direction, their boundaries mean nothing; each write is one message.
/// </summary>
internal sealed class WebSocketByteStream : Stream
{
    private readonly WebSocket _socket;

    public WebSocketByteStream(WebSocket socket)
    {
        _socket = socket;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return 0;
            }

            if (result.Count > 0)
            {
                return result.Count;
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _socket.SendAsync(buffer, WebSocketMessageType.Binary, true, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
