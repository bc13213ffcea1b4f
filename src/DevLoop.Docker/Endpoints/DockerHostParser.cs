using System.Text.RegularExpressions;
using DevLoop.Core.Errors;

namespace DevLoop.Docker.Endpoints;

/// <summary>Reads a Docker host address (DOCKER_HOST, a context's Endpoints.docker.Host) as the docker CLI reads it.</summary>
internal static partial class DockerHostParser
{
    public const int PlainPort = 2375;
    public const int TlsPort = 2376;

    /// <summary>The address in the form Docker.DotNet takes: unix:///path, tcp://host:port or npipe://server/pipe/name.</summary>
    /// <param name="origin">Where the value came from, for messages: "DOCKER_HOST", "the Docker context 'x'".</param>
    public static Uri Parse(string host, string origin, bool tls, bool isWindows)
    {
        var value = host.Trim();
        var shown = Redact(value);
        var separator = value.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            // The docker CLI takes a bare host:port as TCP.
            value = "tcp://" + value;
            separator = 3;
        }

        var scheme = value[..separator].ToLowerInvariant();
        var rest = value[(separator + 3)..];
        return scheme switch
        {
            "unix" => Unix(rest, shown, origin),
            "tcp" => Tcp(rest, shown, origin, tls),
            "npipe" => NamedPipe(rest, shown, origin, isWindows),
            "ssh" => throw Refused(shown, origin,
                "DevLoop does not tunnel through ssh. Forward the remote engine's socket to a local one and point DevLoop at that: "
                + $"ssh -nNT -L /tmp/docker-remote.sock:/var/run/docker.sock {SshTarget(rest)} (keep it running), then DOCKER_HOST=unix:///tmp/docker-remote.sock, "
                + "or a context made with 'docker context create remote-fwd --docker host=unix:///tmp/docker-remote.sock'."),
            _ => throw Refused(shown, origin, "Use unix:///path/to/docker.sock, tcp://host:port, or npipe:////./pipe/docker_engine on Windows."),
        };
    }

    /// <summary>The address with any password replaced by ***, fit for messages and logs.</summary>
    public static string Redact(string address) => PasswordInUrl().Replace(address, "$1***@");

    private static Uri Unix(string path, string shown, string origin)
    {
        if (!path.StartsWith('/'))
        {
            throw Refused(shown, origin, "A unix:// address needs an absolute socket path, for example unix:///var/run/docker.sock.");
        }

        return new Uri("unix://" + path);
    }

    private static Uri Tcp(string rest, string shown, string origin, bool tls)
    {
        if (!Uri.TryCreate("tcp://" + rest, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw Refused(shown, origin, "Write a TCP address as tcp://host:port, for example tcp://127.0.0.1:2375.");
        }

        if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw Refused(shown, origin, "DevLoop takes a TCP address without a path, query or user: tcp://host:port.");
        }

        var port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? TlsPort : PlainPort) : uri.Port;
        return new UriBuilder("tcp", uri.Host, port).Uri;
    }

    private static Uri NamedPipe(string rest, string shown, string origin, bool isWindows)
    {
        if (!isWindows)
        {
            throw Refused(shown, origin,
                "npipe:// is the named pipe of Docker Desktop on Windows; on this system the engine listens on a Unix socket. "
                + "Unset DOCKER_HOST or use unix:///var/run/docker.sock (or the socket your engine names).");
        }

        var match = PipeAddress().Match(rest);
        if (!match.Success)
        {
            throw Refused(shown, origin, "Write a named pipe as npipe:////./pipe/docker_engine.");
        }

        return new Uri($"npipe://{match.Groups["server"].Value}/pipe/{match.Groups["name"].Value}");
    }

    private static string SshTarget(string rest)
    {
        var hostPart = rest.Split('/')[0];
        var at = hostPart.LastIndexOf('@');
        var user = at < 0 ? string.Empty : hostPart[..at].Split(':')[0] + "@";
        var host = (at < 0 ? hostPart : hostPart[(at + 1)..]).Split(':')[0];
        return user + host;
    }

    private static DevLoopException Refused(string shown, string origin, string what) =>
        new(ErrorCodes.BadDockerHost, $"The Docker endpoint '{shown}' from {origin} is not supported. {what}");

    [GeneratedRegex("^/{0,2}(?<server>[^/]+)/pipe/(?<name>[^/]+)$")]
    private static partial Regex PipeAddress();

    [GeneratedRegex("(://[^:/@]*:)[^@/]*@")]
    private static partial Regex PasswordInUrl();
}
