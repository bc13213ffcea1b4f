using System.Buffers;
using System.Net.Sockets;
using System.Text;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using Docker.DotNet;

namespace DevLoop.Docker.Exec;

/// <summary>
/// One command in a container: stdin is written while stdout and stderr are read, and the writing
/// stops when the output ends, because then the process is gone (as the docker CLI does). A process
/// that exits without reading all its input (`sh -c 'exit 0'`, a missing program) so returns at once.
/// </summary>
internal static class DockerExec
{
    private const int ChunkSize = 81920;

    public static async Task<ExecResult> RunAsync(DockerApiClient client, string containerId, IReadOnlyList<string> argv, Stream? stdin, CancellationToken cancellationToken)
    {
        var (execId, stream) = await client.StartExecAsync(containerId, argv, stdin is not null, cancellationToken).ConfigureAwait(false);
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<bool> input = Task.FromResult(true);
        try
        {
            input = stdin is null ? input : WriteInputAsync(stream, stdin, stopWriting.Token, cancellationToken);
            var reading = ReadOutputAsync(client, containerId, stream, stdout, stderr, input, cancellationToken);
            if (await Task.WhenAny(reading, input).ConfigureAwait(false) == input && input.IsFaulted)
            {
                // The caller's input stream failed: the process would wait for the rest of it for ever.
                // Cutting the connection ends the read; the input's exception, thrown below, is the cause.
                stream.Dispose();
                await Task.WhenAny(reading).ConfigureAwait(false);
                _ = reading.Exception;
            }
            else
            {
                await reading.ConfigureAwait(false);
            }
        }
        finally
        {
            stopWriting.Cancel();

            // Closing the connection also ends the engine's copy of our stdin, so it can report the exit code.
            stream.Dispose();
            await input.ConfigureAwait(false);
        }

        var exitCode = await client.WaitForExitCodeAsync(execId, cancellationToken).ConfigureAwait(false);
        if (exitCode == ExitCodes.CannotExecute && stdout.Length == 0 && stderr.Length == 0)
        {
            // A process that could not start says why on its output (the runtime's "exec failed: …");
            // 126 with nothing at all is the engine's word for an exec whose connection broke (a
            // reset or a clean close, before or after the input was all sent).
            throw Cut(client, containerId);
        }

        return new ExecResult(exitCode, Text(stdout), Text(stderr));
    }

    private static DevLoopException Cut(DockerApiClient client, string containerId, Exception? cause = null) =>
        ExecStreamCut.Error($"the connection to the Docker engine at {client.Endpoint.Display}", $"container {containerId[..Math.Min(12, containerId.Length)]}", cause);

    /// <summary>Reads until the process's output ends: false when it ended with a reset rather than an end of stream.</summary>
    private static async Task<bool> ReadOutputAsync(DockerApiClient client, string containerId, MultiplexedStream stream, Stream stdout, Stream stderr, Task<bool> input, CancellationToken cancellationToken)
    {
        try
        {
            await stream.CopyOutputToAsync(Stream.Null, stdout, stderr, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (IOException) when (input is not { IsCompletedSuccessfully: true, Result: true })
        {
            // The process exited while its input was still on the way, and the engine closed the
            // connection with that input unread (a reset). The output before it and the exit code say why.
            return false;
        }
        catch (IOException e)
        {
            // The engine had started the command: this is not an engine out of reach, but a stream cut under a running command.
            throw Cut(client, containerId, e);
        }
    }

    /// <summary>
    /// Copies stdin to the process and half-closes the connection. False when the output ended first,
    /// or the connection refused more input: the process no longer wants it. A failing source stream
    /// is not caught: that is the caller's failure.
    /// </summary>
    private static async Task<bool> WriteInputAsync(MultiplexedStream stream, Stream stdin, CancellationToken stopWriting, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await stdin.ReadAsync(buffer.AsMemory(0, ChunkSize), stopWriting).ConfigureAwait(false)) > 0)
            {
                if (!await TrySendAsync(stream, buffer, read, stopWriting).ConfigureAwait(false))
                {
                    return false;
                }
            }

            stream.CloseWrite();
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Stopped on purpose: the output ended before all of stdin was sent.
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<bool> TrySendAsync(MultiplexedStream stream, byte[] buffer, int count, CancellationToken stopWriting)
    {
        try
        {
            await stream.WriteAsync(buffer, 0, count, stopWriting).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // EPIPE or a reset: the engine dropped the connection because the process has gone. The
            // output read alongside, and the exit code, tell the caller why.
            return false;
        }
    }

    private static string Text(MemoryStream bytes) => Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
}
