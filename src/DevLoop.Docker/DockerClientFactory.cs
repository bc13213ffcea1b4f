using DevLoop.Docker.Endpoints;
using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.LegacyHttp;
using Docker.DotNet.NPipe;
using Docker.DotNet.Unix;

namespace DevLoop.Docker;

/// <summary>Builds a Docker.DotNet client for an endpoint DevLoop resolved itself (the library's own resolution knows no TLS files or SkipTLSVerify).</summary>
internal static class DockerClientFactory
{
    public static DockerClient Create(DockerEndpoint endpoint, IAuthProvider? tls, Version? apiVersion)
    {
        var builder = new DockerClientBuilder()
            .WithEndpoint(endpoint.Address)
            .WithApiVersion(apiVersion);
        if (tls is not null)
        {
            builder = builder.WithAuthProvider(tls);
        }

        // No proxy: the engine is a local socket or an address the user named; HTTP_PROXY is for the internet.
        // Legacy HTTP (not the native handler) for TCP: its hijacked exec streams can half-close stdin.
        return endpoint.Address.Scheme switch
        {
            "unix" => builder.WithTransportOptions(new UnixSocketTransportOptions { ConfigureHandler = h => h.UseProxy = false }).Build(),
            "npipe" => builder.WithTransportOptions(new NPipeTransportOptions { ConfigureHandler = h => h.UseProxy = false }).Build(),
            _ => builder.WithTransportOptions(new LegacyHttpTransportOptions { ConfigureHandler = h => h.UseProxy = false }).Build(),
        };
    }

    public static IAuthProvider? TlsOf(DockerEndpoint endpoint) => endpoint.Tls is null ? null : DockerTlsAuth.Create(endpoint.Tls);
}
