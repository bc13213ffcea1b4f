using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DevLoop.Core.Errors;

namespace DevLoop.Docker.Endpoints;

/// <summary>
/// The docker CLI's config folder: config.json names the current context; a context's endpoint is in
/// contexts/meta/&lt;sha256 of its name&gt;/meta.json and its TLS files in contexts/tls/&lt;sha256&gt;/docker/.
/// </summary>
internal sealed class DockerContextStore
{
    private readonly string _folder;

    public DockerContextStore(string folder)
    {
        _folder = folder;
    }

    public string ConfigFile => Path.Combine(_folder, "config.json");

    /// <summary>The config file's currentContext, or null when there is no file or it names none.</summary>
    public string? ReadCurrentContext()
    {
        if (!File.Exists(ConfigFile))
        {
            return null;
        }

        using var config = ReadJson(ConfigFile, "the Docker config file");
        return config.RootElement.ValueKind == JsonValueKind.Object
            && config.RootElement.TryGetProperty("currentContext", out var current)
            && current.ValueKind == JsonValueKind.String
            && current.GetString() is { Length: > 0 } name
                ? name
                : null;
    }

    public DockerEndpoint Load(string name, string chosenBy, bool isWindows)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name))).ToLowerInvariant();
        var metaFile = Path.Combine(_folder, "contexts", "meta", hash, "meta.json");
        if (!File.Exists(metaFile))
        {
            var unset = chosenBy == DockerEndpointResolver.DockerContextVariable ? ", or unset DOCKER_CONTEXT" : string.Empty;
            throw new DevLoopException(
                ErrorCodes.DockerContextNotFound,
                $"The Docker context '{name}' (chosen by {chosenBy}) does not exist: there is no '{metaFile}'. "
                + $"List the contexts with 'docker context ls' and choose one with 'docker context use NAME'{unset}, or set DOCKER_HOST.");
        }

        using var meta = ReadJson(metaFile, $"the Docker context '{name}'");
        var (host, skipTlsVerify) = DockerEndpointOf(meta.RootElement);
        if (string.IsNullOrWhiteSpace(host))
        {
            throw new DevLoopException(
                ErrorCodes.DockerContextUnusable,
                $"The Docker context '{name}' (chosen by {chosenBy}) has no Docker endpoint (Endpoints.docker.Host in '{metaFile}'). "
                + $"Give it one with 'docker context update {name} --docker host=unix:///path/to/docker.sock', or choose another context with 'docker context use NAME'.");
        }

        var origin = $"the Docker context '{name}', chosen by {chosenBy}";
        var tlsFolder = Path.Combine(_folder, "contexts", "tls", hash, "docker");
        var wantsTls = skipTlsVerify || DockerTlsSettings.AnyFileIn(tlsFolder);
        var address = DockerHostParser.Parse(host, origin, wantsTls, isWindows);
        var tls = wantsTls && address.Scheme == "tcp"
            ? DockerTlsSettings.FromFolder(tlsFolder, verify: !skipTlsVerify, origin: $"the Docker context '{name}'")
            : null;
        return new DockerEndpoint(DockerHostParser.Redact(host.Trim()), address, origin, name, tls);
    }

    private static (string? Host, bool SkipTlsVerify) DockerEndpointOf(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("Endpoints", out var endpoints) && endpoints.ValueKind == JsonValueKind.Object
            && endpoints.TryGetProperty("docker", out var docker) && docker.ValueKind == JsonValueKind.Object)
        {
            var host = docker.TryGetProperty("Host", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
            var skip = docker.TryGetProperty("SkipTLSVerify", out var s) && s.ValueKind == JsonValueKind.True;
            return (host, skip);
        }

        return (null, false);
    }

    private static JsonDocument ReadJson(string file, string what)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (JsonException e)
        {
            throw Unusable(file, what, "is not valid JSON (" + e.Message + ")", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unusable(file, what, "cannot be read (" + e.Message + ")", e);
        }
    }

    private static DevLoopException Unusable(string file, string what, string problem, Exception e) => new(
        ErrorCodes.DockerContextUnusable,
        $"'{file}' ({what}) {problem}. DevLoop reads it as the docker CLI does to find the engine: fix the file, or set DOCKER_HOST to the engine's address.",
        e);
}
