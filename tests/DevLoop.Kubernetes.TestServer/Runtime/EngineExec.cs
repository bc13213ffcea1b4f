using Docker.DotNet;
using Docker.DotNet.Models;
using Docker.DotNet.Unix;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// A command run in a container through the Docker engine's API (an exec, attached without a TTY):
/// stdout and stderr come multiplexed on one stream, stdin goes the other way, and the exit code is
/// read once the output has ended. The kubelet's runtime is reached the same way, with no CLI between.
/// </summary>
public sealed class EngineExec : IAsyncDisposable
{
    private static readonly Lazy<DockerClient> Client = new(() => new DockerClientBuilder()
        .WithEndpoint(new Uri(Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : "unix:///var/run/docker.sock"))
        .WithTransportOptions(new UnixSocketTransportOptions { ConfigureHandler = h => h.UseProxy = false })
        .Build());

    private readonly string _id;
    private MultiplexedStream? _stream;

    private EngineExec(string id)
    {
        _id = id;
    }

    private MultiplexedStream Stream => _stream ?? throw new InvalidOperationException("the exec has not started");

    /// <summary>Creates the exec; the engine refuses it (404, 409) when the container is gone or not running.</summary>
    public static async Task<EngineExec> CreateAsync(string container, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var create = new ContainerExecCreateParameters { AttachStdin = true, AttachStdout = true, AttachStderr = true, TTY = false, Cmd = command.ToList() };
        var created = await Client.Value.Exec.CreateContainerExecAsync(container, create, cancellationToken);
        return new EngineExec(created.ID);
    }

    /// <summary>Starts the command, attached to its stdin, stdout and stderr.</summary>
    public async Task StartAsync(CancellationToken cancellationToken) =>
        _stream = await Client.Value.Exec.StartContainerExecAsync(_id, new ContainerExecStartParameters { Detach = false, TTY = false }, cancellationToken);

    /// <summary>Reads stdout and stderr until the command's output ends, handing each piece to its channel (1 or 2).</summary>
    public async Task PumpOutputAsync(Func<byte, ReadOnlyMemory<byte>, Task> send, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        while (true)
        {
            var read = await Stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            if (read.EOF)
            {
                return;
            }

            await send(read.Target == MultiplexedStream.TargetStream.StandardError ? (byte)2 : (byte)1, buffer.AsMemory(0, read.Count));
        }
    }

    public Task WriteInputAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        Stream.WriteAsync(data.ToArray(), 0, data.Length, cancellationToken);

    /// <summary>Closes the command's stdin (it reads end of file).</summary>
    public void CloseInput() => Stream.CloseWrite();

    /// <summary>The exit code, once the output has ended: the engine may record it a moment later.</summary>
    public async Task<int> ExitCodeAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(1);
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(15); waited += delay, delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(100).Ticks)))
        {
            var inspect = await Client.Value.Exec.InspectContainerExecAsync(_id, cancellationToken);
            if (!inspect.Running && inspect.ExitCode is { } code)
            {
                return (int)code;
            }

            await Task.Delay(delay, cancellationToken);
        }

        throw new InvalidOperationException($"exec {_id} ended its output but the engine reported no exit code");
    }

    public ValueTask DisposeAsync()
    {
        _stream?.Dispose();
        return ValueTask.CompletedTask;
    }
}
