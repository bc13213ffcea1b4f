using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DevLoop.Docker.Endpoints;
using DevLoop.Testing;

namespace DevLoop.Docker.Tests.Endpoints;

/// <summary>A temporary $DOCKER_CONFIG laid out as the docker CLI lays it out, and a resolver that sees only the variables a test gives it.</summary>
public sealed class DockerConfigFolder : IDisposable
{
    private readonly TempDirectory _dir = new("devloop-docker-config");

    public string Path => _dir.Path;

    public static string Hash(string contextName) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(contextName))).ToLowerInvariant();

    public DockerConfigFolder CurrentContext(string name)
    {
        _dir.Write("config.json", JsonSerializer.Serialize(new Dictionary<string, object> { ["auths"] = new Dictionary<string, object>(), ["currentContext"] = name }));
        return this;
    }

    public DockerConfigFolder Context(string name, string host, bool skipTlsVerify = false)
    {
        var meta = new { Name = name, Metadata = new { Description = "made by a test" }, Endpoints = new { docker = new { Host = host, SkipTLSVerify = skipTlsVerify } } };
        _dir.Write($"contexts/meta/{Hash(name)}/meta.json", JsonSerializer.Serialize(meta));
        return this;
    }

    /// <summary>The folder where the docker CLI keeps a context's ca.pem, cert.pem and key.pem.</summary>
    public string TlsFolderOf(string name)
    {
        var folder = _dir.Combine("contexts", "tls", Hash(name), "docker");
        Directory.CreateDirectory(folder);
        return folder;
    }

    public string Write(string relative, string content) => _dir.Write(relative, content);

    public DockerEndpointResolver Resolver(params (string Name, string Value)[] variables) => Resolver(isWindows: false, variables);

    public DockerEndpointResolver Resolver(bool isWindows, params (string Name, string Value)[] variables)
    {
        var all = variables.ToDictionary(v => v.Name, v => v.Value);
        all.TryAdd("DOCKER_CONFIG", Path);
        return new DockerEndpointResolver(name => all.GetValueOrDefault(name), "/home/nobody-devloop", isWindows);
    }

    public void Dispose() => _dir.Dispose();
}
