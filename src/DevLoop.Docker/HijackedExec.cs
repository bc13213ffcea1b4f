using System.Net.Sockets;
using System.Text;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;

namespace DevLoop.Docker;

/// <summary>
/// Starts an exec and speaks on the raw connection the engine hands over: stdin goes in unframed and
/// ends with a half-close (a pooled HttpClient connection cannot do that, hence a socket of our own),
/// stdout and stderr come back multiplexed.
/// </summary>
internal sealed class HijackedExec
{
    private readonly DockerApiClient _client;

    public HijackedExec(DockerApiClient client)
    {
        _client = client;
    }

    public async Task<ExecResult> RunAsync(string containerId, IReadOnlyList<string> argv, Stream? stdin, CancellationToken cancellationToken)
    {
        var execId = await _client.CreateExecAsync(containerId, argv, stdin is not null, cancellationToken).ConfigureAwait(false);
        using var connection = await StartAsync(execId, cancellationToken).ConfigureAwait(false);

        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var reading = ReadOutputAsync(connection, stdout, stderr, cancellationToken);
        var stdinComplete = stdin is null || await WriteStdinAsync(connection, stdin, cancellationToken).ConfigureAwait(false);
        try
        {
            await reading.ConfigureAwait(false);
        }
        catch (IOException) when (!stdinComplete)
        {
            // The process stopped reading and exited while input was still on its way, so the engine
            // reset the connection after the output it had. That output and the exit code tell why.
        }

        var exitCode = await WaitForExitCodeAsync(execId, cancellationToken).ConfigureAwait(false);
        return new ExecResult(exitCode, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    /// <summary>Starts a created exec and returns the raw connection the engine hands over (stdin in, multiplexed output back).</summary>
    public async Task<NetworkStream> StartAsync(string execId, CancellationToken cancellationToken)
    {
        var prefix = await _client.GetApiPrefixAsync(cancellationToken).ConfigureAwait(false);
        var connection = (NetworkStream)await _client.Endpoint.ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var body = "{\"Detach\":false,\"Tty\":false}";
            var request = $"POST /{prefix}exec/{execId}/start HTTP/1.1\r\nHost: api.moby.localhost\r\nContent-Type: application/json\r\n"
                + $"Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";
            await connection.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken).ConfigureAwait(false);
            await ReadResponseHeadAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>False when the process went away before taking all of its input.</summary>
    private static async Task<bool> WriteStdinAsync(NetworkStream connection, Stream stdin, CancellationToken cancellationToken)
    {
        try
        {
            await stdin.CopyToAsync(connection, cancellationToken).ConfigureAwait(false);
            connection.Socket.Shutdown(SocketShutdown.Send);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // The process exited (or failed) before reading all of stdin; its output and exit code,
            // read next, say why.
            return false;
        }
    }

    private static async Task ReadOutputAsync(Stream stream, MemoryStream stdout, MemoryStream stderr, CancellationToken cancellationToken)
    {
        var reader = new MultiplexedStreamReader(stream);
        while (await reader.ReadFrameAsync(cancellationToken).ConfigureAwait(false) is { } frame)
        {
            (frame.Type == 2 || frame.Type == 3 ? stderr : stdout).Write(frame.Payload);
        }
    }

    /// <summary>Reads the status line and headers byte by byte so no stream data is consumed with them.</summary>
    private static async Task ReadResponseHeadAsync(NetworkStream connection, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await connection.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new DevLoopException(ErrorCodes.DockerApiError, "The Docker engine closed the connection while starting an exec.");
            }

            head.Append((char)one[0]);
        }

        var statusLine = head.ToString(0, head.ToString().IndexOf('\r'));
        if (!statusLine.Contains(" 101 ", StringComparison.Ordinal) && !statusLine.Contains(" 200 ", StringComparison.Ordinal))
        {
            throw new DevLoopException(ErrorCodes.DockerApiError, $"The Docker engine refused to start an exec: {statusLine}");
        }
    }

    public async Task<int> WaitForExitCodeAsync(string execId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var inspect = await _client.InspectExecAsync(execId, cancellationToken).ConfigureAwait(false);
            if (!inspect.Running && inspect.ExitCode is { } code)
            {
                return code;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        throw new DevLoopException(ErrorCodes.ExecFailed, $"The command in the container ended its output but did not report an exit code (exec {execId}).");
    }
}
