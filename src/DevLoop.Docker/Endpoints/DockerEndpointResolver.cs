using DevLoop.Core.Errors;

namespace DevLoop.Docker.Endpoints;

/// <summary>
/// Chooses the Docker endpoint with the docker CLI's precedence: DOCKER_HOST, then DOCKER_CONTEXT, then
/// currentContext in $DOCKER_CONFIG/config.json (default ~/.docker), then the platform's default socket.
/// The environment and home folder are passed in so tests can give their own.
/// </summary>
public sealed class DockerEndpointResolver
{
    public const string DockerHostOrigin = "DOCKER_HOST";
    public const string DockerContextVariable = "DOCKER_CONTEXT";
    public const string DefaultOrigin = "the default socket";
    private const string DefaultContext = "default";

    private readonly Func<string, string?> _environment;
    private readonly string _homeDirectory;
    private readonly bool _isWindows;

    public DockerEndpointResolver(Func<string, string?> environment, string homeDirectory, bool isWindows)
    {
        _environment = environment;
        _homeDirectory = homeDirectory;
        _isWindows = isWindows;
    }

    public static DockerEndpointResolver ForThisProcess() => new(
        Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        OperatingSystem.IsWindows());

    /// <summary>$DOCKER_CONFIG, else ~/.docker.</summary>
    public string ConfigFolder => Variable("DOCKER_CONFIG") ?? Path.Combine(_homeDirectory, ".docker");

    public DockerEndpoint Resolve()
    {
        if (Variable("DOCKER_HOST") is { } host)
        {
            return FromDockerHost(host);
        }

        var store = new DockerContextStore(ConfigFolder);
        if (Variable(DockerContextVariable) is { } named)
        {
            return FromContext(store, named, DockerContextVariable);
        }

        return store.ReadCurrentContext() is { } current
            ? FromContext(store, current, $"currentContext in '{store.ConfigFile}'")
            : Default();
    }

    /// <summary>The endpoint a DOCKER_HOST value names, with TLS from DOCKER_TLS_VERIFY / DOCKER_TLS and DOCKER_CERT_PATH.</summary>
    public DockerEndpoint FromDockerHost(string? dockerHost)
    {
        if (string.IsNullOrWhiteSpace(dockerHost))
        {
            return Default();
        }

        var wantsTls = Variable("DOCKER_TLS_VERIFY") is not null || Variable("DOCKER_TLS") is not null;
        var address = DockerHostParser.Parse(dockerHost, DockerHostOrigin, wantsTls, _isWindows);
        var tls = wantsTls && address.Scheme == "tcp" ? TlsFromEnvironment() : null;
        return new DockerEndpoint(DockerHostParser.Redact(dockerHost.Trim()), address, DockerHostOrigin, null, tls);
    }

    private DockerEndpoint FromContext(DockerContextStore store, string name, string chosenBy) =>
        name == DefaultContext ? Default() : store.Load(name, chosenBy, _isWindows);

    private DockerEndpoint Default() => _isWindows
        ? new DockerEndpoint("npipe:////./pipe/docker_engine", new Uri("npipe://./pipe/docker_engine"), DefaultOrigin, null, null)
        : new DockerEndpoint("unix://" + DockerEndpoint.DefaultUnixSocket, new Uri("unix://" + DockerEndpoint.DefaultUnixSocket), DefaultOrigin, null, null);

    /// <summary>As the docker CLI: any non-empty DOCKER_TLS_VERIFY turns TLS on and verifies; DOCKER_TLS alone encrypts without verifying.</summary>
    private DockerTlsSettings TlsFromEnvironment()
    {
        var verify = Variable("DOCKER_TLS_VERIFY") is not null;
        var origin = verify ? "DOCKER_TLS_VERIFY" : "DOCKER_TLS";
        var folder = Variable("DOCKER_CERT_PATH") ?? ConfigFolder;
        var tls = DockerTlsSettings.FromFolder(folder, verify, origin);
        var whereFrom = Variable("DOCKER_CERT_PATH") is null ? "DOCKER_CERT_PATH is not set, so the Docker config folder" : "DOCKER_CERT_PATH";
        if (verify && tls.CaFile is null)
        {
            throw new DevLoopException(
                ErrorCodes.DockerTlsFilesUnusable,
                $"DOCKER_TLS_VERIFY is set but there is no '{Path.Combine(folder, DockerTlsSettings.CaFileName)}' ({whereFrom}). "
                + "Set DOCKER_CERT_PATH to the folder that holds the engine's ca.pem (and your cert.pem and key.pem), or unset DOCKER_TLS_VERIFY for a plain connection.");
        }

        return tls;
    }

    private string? Variable(string name) => _environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
