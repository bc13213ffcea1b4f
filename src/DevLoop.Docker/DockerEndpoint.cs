using System.Net.Sockets;
using DevLoop.Core.Errors;
using DevLoop.Docker.Endpoints;

namespace DevLoop.Docker;

/// <summary>
/// Where the Docker engine listens and how to speak to it, chosen as the docker CLI chooses:
/// DOCKER_HOST, else DOCKER_CONTEXT, else the current context in the Docker config, else the default socket.
/// </summary>
public sealed class DockerEndpoint
{
    public const string DefaultUnixSocket = "/var/run/docker.sock";

    internal DockerEndpoint(string display, Uri address, string origin, string? context, DockerTlsSettings? tls)
    {
        Display = display;
        Address = address;
        Origin = origin;
        Context = context;
        Tls = tls;
    }

    /// <summary>The address as the user wrote it (a password in it masked), e.g. unix:///var/run/docker.sock.</summary>
    public string Display { get; }

    /// <summary>The address in the form Docker.DotNet takes: unix:///path, tcp://host:port or npipe://server/pipe/name.</summary>
    public Uri Address { get; }

    /// <summary>What chose this endpoint, for messages: "DOCKER_HOST", "the Docker context 'colima' (chosen by …)", "the default socket".</summary>
    public string Origin { get; }

    /// <summary>The Docker context the endpoint comes from, or null.</summary>
    public string? Context { get; }

    /// <summary>TLS for a tcp:// endpoint, or null for plain connections.</summary>
    public DockerTlsSettings? Tls { get; }

    /// <summary>The address plus the context it came from, e.g. "unix:///…/docker.sock (Docker context 'colima')".</summary>
    public string Description => Context is null ? Display : $"{Display} (Docker context '{Context}')";

    public static DockerEndpoint FromEnvironment() => DockerEndpointResolver.ForThisProcess().Resolve();

    /// <summary>The endpoint a DOCKER_HOST value names (TLS from DOCKER_TLS_VERIFY and DOCKER_CERT_PATH); the default socket when empty.</summary>
    public static DockerEndpoint Parse(string? dockerHost) => DockerEndpointResolver.ForThisProcess().FromDockerHost(dockerHost);

    public override string ToString() => Description;

    public DevLoopException Unreachable(Exception e, string? reason = null) => new(
        ErrorCodes.DockerUnreachable,
        $"Cannot reach the Docker engine at {Display}{FromWhere()}: {reason ?? Reason(e)}. {Advice()}",
        e);

    public DevLoopException TlsFailed(Exception e, string? reason = null) => new(
        ErrorCodes.DockerTlsFailed,
        $"The TLS handshake with the Docker engine at {Display}{FromWhere()} failed: {reason ?? Reason(e)}. "
        + $"Check that the CA certificate ({Tls?.CaFile ?? "the system's trusted roots"}) signed the engine's certificate and that the certificate names the host in the address; "
        + $"when the engine asks for a client certificate, cert.pem and key.pem must be in {Tls?.Folder ?? "the certificate folder"}.",
        e);

    private string FromWhere() => Origin == DockerEndpointResolver.DefaultOrigin ? string.Empty : $" ({Origin})";

    private string Advice() => Context is not null
        ? $"Start the engine that the context '{Context}' points at (for example 'colima start', or open Rancher Desktop or OrbStack), "
          + "or choose another context with 'docker context use NAME' ('docker context ls' lists them) or DOCKER_CONTEXT, or set DOCKER_HOST."
        : Origin == DockerEndpointResolver.DockerHostOrigin
            ? "Start Docker (or dockerd), check that your user may use its socket, or correct DOCKER_HOST."
            : "Start Docker (or dockerd), check that your user may use its socket, or set DOCKER_HOST (or choose a context with 'docker context use NAME').";

    private static string Reason(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException or AggregateException { InnerException: SocketException })
            {
                return (inner as SocketException ?? (SocketException)inner.InnerException!).Message;
            }
        }

        var innermost = e;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return innermost.Message.TrimEnd('.');
    }
}
