using System.Net.Sockets;
using System.Text;
using DevLoop.Core.Channels;

namespace DevLoop.Docker;

/// <summary>
/// An exec kept open on the engine's hijacked connection (the agent session): stdin goes in
/// unframed, stdout is read out of the multiplexed stream as it arrives, stderr is kept for the end.
/// </summary>
internal sealed class DockerDuplexExec : IDuplexExec
{
    private readonly NetworkStream _connection;
    private readonly StdoutStream _stdout;
    private readonly TaskCompletionSource _outputEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DockerDuplexExec(HijackedExec exec, string execId, NetworkStream connection)
    {
        _connection = connection;
        _stdout = new StdoutStream(new MultiplexedStreamReader(connection), _outputEnded);
        Completion = CompleteAsync(exec, execId);
    }

    public Stream Input => _connection;

    public Stream Output => _stdout;

    public Task<ExecResult> Completion { get; }

    public static async Task<IDuplexExec> StartAsync(DockerApiClient client, string containerId, IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        var exec = new HijackedExec(client);
        var execId = await client.CreateExecAsync(containerId, argv, attachStdin: true, cancellationToken).ConfigureAwait(false);
        var connection = await exec.StartAsync(execId, cancellationToken).ConfigureAwait(false);
        return new DockerDuplexExec(exec, execId, connection);
    }

    /// <summary>Half-closes stdin (the agent ends at EOF), then lets the connection go.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _connection.Socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The engine closed the connection already.
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
        _outputEnded.TrySetCanceled();
    }

    private async Task<ExecResult> CompleteAsync(HijackedExec exec, string execId)
    {
        await _outputEnded.Task.ConfigureAwait(false);
        var exitCode = await exec.WaitForExitCodeAsync(execId, CancellationToken.None).ConfigureAwait(false);
        return new ExecResult(exitCode, string.Empty, _stdout.Stderr);
    }

    /// <summary>Stdout frames as a plain stream; stderr frames are kept aside; 0 at the end of the exec.</summary>
    private sealed class StdoutStream : Stream
    {
        private readonly MultiplexedStreamReader _reader;
        private readonly TaskCompletionSource _ended;
        private readonly StringBuilder _stderr = new();
        private byte[] _pending = Array.Empty<byte>();
        private int _offset;

        public StdoutStream(MultiplexedStreamReader reader, TaskCompletionSource ended)
        {
            _reader = reader;
            _ended = ended;
        }

        public string Stderr => _stderr.ToString();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_offset == _pending.Length)
            {
                if (await _reader.ReadFrameAsync(cancellationToken).ConfigureAwait(false) is not { } frame)
                {
                    _ended.TrySetResult();
                    return 0;
                }

                if (frame.Type is 2 or 3)
                {
                    _stderr.Append(Encoding.UTF8.GetString(frame.Payload));
                    continue;
                }

                _pending = frame.Payload;
                _offset = 0;
            }

            var count = Math.Min(buffer.Length, _pending.Length - _offset);
            _pending.AsMemory(_offset, count).CopyTo(buffer);
            _offset += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
