using System.Net.Sockets;
using DevLoop.Core.Errors;

namespace DevLoop.Docker;

/// <summary>Where the Docker engine listens: a Unix socket or a plain TCP address, from DOCKER_HOST.</summary>
public sealed class DockerEndpoint
{
    public const string DefaultUnixSocket = "/var/run/docker.sock";

    private DockerEndpoint(string display, string? socketPath, string? host, int port)
    {
        Display = display;
        SocketPath = socketPath;
        Host = host;
        Port = port;
    }

    public string Display { get; }

    public string? SocketPath { get; }

    public string? Host { get; }

    public int Port { get; }

    public static DockerEndpoint FromEnvironment() => Parse(Environment.GetEnvironmentVariable("DOCKER_HOST"));

    public static DockerEndpoint Parse(string? dockerHost)
    {
        if (string.IsNullOrWhiteSpace(dockerHost))
        {
            return new DockerEndpoint("unix://" + DefaultUnixSocket, DefaultUnixSocket, null, 0);
        }

        if (dockerHost.StartsWith("unix://", StringComparison.Ordinal))
        {
            return new DockerEndpoint(dockerHost, dockerHost["unix://".Length..], null, 0);
        }

        if (dockerHost.StartsWith("tcp://", StringComparison.Ordinal)
            && Uri.TryCreate("http://" + dockerHost["tcp://".Length..], UriKind.Absolute, out var uri))
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY")))
            {
                throw new DevLoopException(ErrorCodes.BadDockerHost, $"DOCKER_HOST '{dockerHost}' asks for TLS (DOCKER_TLS_VERIFY is set), which DevLoop does not support yet. Use the engine's Unix socket or an unencrypted local TCP port.");
            }

            return new DockerEndpoint(dockerHost, null, uri.Host, uri.Port == -1 ? 2375 : uri.Port);
        }

        throw new DevLoopException(ErrorCodes.BadDockerHost, $"DOCKER_HOST '{dockerHost}' is not supported. Use unix:///path/to/docker.sock or tcp://host:port (npipe:// and ssh:// are not supported yet).");
    }

    /// <summary>A fresh connection to the engine, for HTTP requests and for hijacked exec streams.</summary>
    public async Task<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        Socket socket = SocketPath is not null
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (SocketPath is not null)
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(Host!, Port, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw Unreachable(e);
        }

        return new NetworkStream(socket, ownsSocket: true);
    }

    public DevLoopException Unreachable(Exception e) => new(
        ErrorCodes.DockerUnreachable,
        $"Cannot reach the Docker engine at {Display}: {e.Message}. Start Docker (or dockerd), check that your user may use its socket, or set DOCKER_HOST.",
        e);
}
