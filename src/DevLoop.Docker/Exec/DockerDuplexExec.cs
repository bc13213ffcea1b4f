using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using DevLoop.Core.Channels;
using Docker.DotNet;

namespace DevLoop.Docker.Exec;

/// <summary>
/// A command kept running in a container with stdin and stdout open (the agent session): writes to
/// <see cref="Input"/> go straight to the connection, a pump moves stdout into <see cref="Output"/>
/// and keeps stderr for <see cref="Completion"/>.
/// </summary>
internal sealed class DockerDuplexExec : IDuplexExec
{
    private static readonly TimeSpan GraceOnDispose = TimeSpan.FromSeconds(5);

    private readonly DockerApiClient _client;
    private readonly string _execId;
    private readonly MultiplexedStream _connection;
    private readonly Pipe _stdout = new(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, useSynchronizationContext: false));
    private readonly MemoryStream _stderr = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ExecInputStream _input;
    private readonly Stream _output;

    private DockerDuplexExec(DockerApiClient client, string execId, MultiplexedStream connection)
    {
        _client = client;
        _execId = execId;
        _connection = connection;
        _input = new ExecInputStream(connection);
        _output = _stdout.Reader.AsStream();
        Completion = RunAsync();
    }

    public Stream Input => _input;

    public Stream Output => _output;

    public Task<ExecResult> Completion { get; }

    public static async Task<IDuplexExec> StartAsync(DockerApiClient client, string containerId, IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        var (execId, connection) = await client.StartExecAsync(containerId, argv, attachStdin: true, cancellationToken).ConfigureAwait(false);
        return new DockerDuplexExec(client, execId, connection);
    }

    /// <summary>Ends the input, gives the command a few seconds to finish, then cuts the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _input.Dispose();
        await Task.WhenAny(Completion, Task.Delay(GraceOnDispose)).ConfigureAwait(false);
        _stop.Cancel();
        _connection.Dispose();
        await _output.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<ExecResult> RunAsync()
    {
        await Task.Yield();
        try
        {
            await PumpAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (_stop.IsCancellationRequested && e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            throw new OperationCanceledException("The exec was disposed before the command ended.", e);
        }
        catch (IOException e)
        {
            throw _client.Endpoint.Unreachable(e);
        }
        finally
        {
            await _stdout.Writer.CompleteAsync().ConfigureAwait(false);
        }

        var exitCode = await _client.WaitForExitCodeAsync(_execId, CancellationToken.None).ConfigureAwait(false);
        return new ExecResult(exitCode, string.Empty, Encoding.UTF8.GetString(_stderr.GetBuffer(), 0, (int)_stderr.Length));
    }

    /// <summary>Moves output until the command ends. When nobody reads stdout any more it is drained, so the command never blocks on it.</summary>
    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16384);
        var reading = true;
        try
        {
            while (true)
            {
                var chunk = await _connection.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                if (chunk.EOF)
                {
                    return;
                }

                if (chunk.Target == MultiplexedStream.TargetStream.StandardError)
                {
                    _stderr.Write(buffer, 0, chunk.Count);
                }
                else if (reading)
                {
                    var flushed = await _stdout.Writer.WriteAsync(buffer.AsMemory(0, chunk.Count), cancellationToken).ConfigureAwait(false);
                    reading = !flushed.IsCompleted;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
