using System.Net.Sockets;
using System.Runtime.InteropServices;
using Docker.DotNet;

namespace DevLoop.Docker.Exec;

/// <summary>The write side of an exec's connection as a stream: writes go out at once, disposing half-closes it so the command reads the end of its input.</summary>
internal sealed class ExecInputStream : Stream
{
    private readonly MultiplexedStream _connection;
    private int _closed;

    public ExecInputStream(MultiplexedStream connection)
    {
        _connection = connection;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => _closed == 0;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed != 0, this);
        return _connection.WriteAsync(buffer, offset, count, cancellationToken);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed != 0, this);
        var segment = MemoryMarshal.TryGetArray(buffer, out var array) ? array : new ArraySegment<byte>(buffer.ToArray());
        await _connection.WriteAsync(segment.Array!, segment.Offset, segment.Count, cancellationToken).ConfigureAwait(false);
    }

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Write asynchronously: the exec's connection is asynchronous.");

    /// <summary>Writes are sent as they are made; nothing waits in a buffer.</summary>
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void EndInput()
    {
        try
        {
            _connection.CloseWrite();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The connection is already gone (the command ended, or the exec was disposed): there is
            // no input left to end, and the exec's Completion reports how it ended.
            return;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _closed, 1) == 0)
        {
            EndInput();
        }

        base.Dispose(disposing);
    }
}
