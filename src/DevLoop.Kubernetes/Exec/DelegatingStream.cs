namespace DevLoop.Kubernetes.Exec;

/// <summary>A one-way stream whose asynchronous reads or writes are handed to a function.</summary>
internal sealed class DelegatingStream : Stream
{
    private readonly Func<Memory<byte>, CancellationToken, ValueTask<int>>? _read;
    private readonly Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask>? _write;

    public DelegatingStream(Func<Memory<byte>, CancellationToken, ValueTask<int>>? read = null, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask>? write = null)
    {
        _read = read;
        _write = write;
    }

    public override bool CanRead => _read is not null;

    public override bool CanSeek => false;

    public override bool CanWrite => _write is not null;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        (_read ?? throw new NotSupportedException())(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        (_write ?? throw new NotSupportedException())(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Write asynchronously.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
