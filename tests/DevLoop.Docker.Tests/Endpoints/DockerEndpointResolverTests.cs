using DevLoop.Core.Errors;

namespace DevLoop.Docker.Tests.Endpoints;

/// <summary>Which engine DevLoop talks to, chosen as the docker CLI chooses: DOCKER_HOST, DOCKER_CONTEXT, currentContext, the default socket.</summary>
public sealed class DockerEndpointResolverTests : IDisposable
{
    private readonly DockerConfigFolder _config = new();

    public void Dispose() => _config.Dispose();

    [Fact]
    public void Without_variables_or_config_it_is_the_default_socket()
    {
        var endpoint = _config.Resolver().Resolve();

        Assert.Equal("unix:///var/run/docker.sock", endpoint.Display);
        Assert.Equal("/var/run/docker.sock", endpoint.Address.LocalPath);
        Assert.Null(endpoint.Context);
        Assert.Null(endpoint.Tls);
    }

    [Fact]
    public void On_Windows_the_default_is_Docker_Desktops_named_pipe()
    {
        var endpoint = _config.Resolver(isWindows: true).Resolve();

        Assert.Equal("npipe://./pipe/docker_engine", endpoint.Address.ToString().TrimEnd('/'));
    }

    [Fact]
    public void DOCKER_HOST_wins_over_DOCKER_CONTEXT_and_the_current_context()
    {
        _config.CurrentContext("colima").Context("colima", "unix:///home/me/.colima/default/docker.sock").Context("orbstack", "unix:///home/me/.orbstack/run/docker.sock");

        var endpoint = _config.Resolver(("DOCKER_HOST", "unix:///run/user/1000/docker.sock"), ("DOCKER_CONTEXT", "orbstack")).Resolve();

        Assert.Equal("unix:///run/user/1000/docker.sock", endpoint.Display);
        Assert.Equal("DOCKER_HOST", endpoint.Origin);
        Assert.Null(endpoint.Context);
    }

    [Fact]
    public void DOCKER_CONTEXT_wins_over_the_current_context()
    {
        _config.CurrentContext("colima").Context("colima", "unix:///home/me/.colima/default/docker.sock").Context("orbstack", "unix:///home/me/.orbstack/run/docker.sock");

        var endpoint = _config.Resolver(("DOCKER_CONTEXT", "orbstack")).Resolve();

        Assert.Equal("orbstack", endpoint.Context);
        Assert.Equal("/home/me/.orbstack/run/docker.sock", endpoint.Address.LocalPath);
        Assert.Contains("DOCKER_CONTEXT", endpoint.Origin);
    }

    [Fact]
    public void The_current_context_of_config_json_is_used_as_after_docker_context_use()
    {
        _config.CurrentContext("rancher-desktop").Context("rancher-desktop", "unix:///home/me/.rd/docker.sock");

        var endpoint = _config.Resolver().Resolve();

        Assert.Equal("rancher-desktop", endpoint.Context);
        Assert.Equal("unix:///home/me/.rd/docker.sock", endpoint.Display);
        Assert.Contains("currentContext", endpoint.Origin);
        Assert.Contains("(Docker context 'rancher-desktop')", endpoint.Description);
    }

    [Fact]
    public void The_context_named_default_is_the_default_socket()
    {
        _config.CurrentContext("default");

        Assert.Equal("unix:///var/run/docker.sock", _config.Resolver().Resolve().Display);
        Assert.Equal("unix:///var/run/docker.sock", _config.Resolver(("DOCKER_CONTEXT", "default")).Resolve().Display);
    }

    [Fact]
    public void DOCKER_CONFIG_unset_means_the_docker_folder_in_the_home_folder()
    {
        var resolver = new Docker.Endpoints.DockerEndpointResolver(_ => null, "/home/someone", isWindows: false);

        Assert.Equal(Path.Combine("/home/someone", ".docker"), resolver.ConfigFolder);
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:2375", "127.0.0.1", 2375)]
    [InlineData("tcp://docker.local", "docker.local", 2375)]
    [InlineData("localhost:2400", "localhost", 2400)]
    [InlineData("  tcp://[::1]:2375  ", "[::1]", 2375)]
    public void TCP_addresses_are_read_as_the_docker_CLI_reads_them(string host, string expectedHost, int expectedPort)
    {
        var endpoint = _config.Resolver(("DOCKER_HOST", host)).Resolve();

        Assert.Equal("tcp", endpoint.Address.Scheme);
        Assert.Equal(expectedHost, endpoint.Address.Host);
        Assert.Equal(expectedPort, endpoint.Address.Port);
        Assert.Null(endpoint.Tls);
    }

    [Fact]
    public void A_unix_socket_in_DOCKER_HOST_ignores_TLS_variables()
    {
        var endpoint = _config.Resolver(("DOCKER_HOST", "unix:///var/run/docker.sock"), ("DOCKER_TLS_VERIFY", "1")).Resolve();

        Assert.Null(endpoint.Tls);
    }

    [Fact]
    public void A_named_pipe_is_taken_on_Windows_in_both_spellings()
    {
        Assert.Equal("npipe://./pipe/docker_engine", _config.Resolver(isWindows: true, ("DOCKER_HOST", "npipe:////./pipe/docker_engine")).Resolve().Address.ToString().TrimEnd('/'));
        Assert.Equal("npipe://./pipe/dockerDesktopLinuxEngine", _config.Resolver(isWindows: true, ("DOCKER_HOST", "npipe://./pipe/dockerDesktopLinuxEngine")).Resolve().Address.ToString().TrimEnd('/'));
    }

    [Theory]
    [InlineData("npipe:////./pipe/docker_engine", "Windows")]
    [InlineData("http://127.0.0.1:2375", "tcp://host:port")]
    [InlineData("fd://", "unix://")]
    [InlineData("unix://docker.sock", "absolute socket path")]
    [InlineData("tcp://", "tcp://host:port")]
    [InlineData("tcp://127.0.0.1:2375/some/path", "without a path")]
    public void Unsupported_or_malformed_hosts_are_coded_errors_that_say_what_to_write(string host, string advice)
    {
        var error = Assert.Throws<DevLoopException>(() => _config.Resolver(("DOCKER_HOST", host)).Resolve());

        Assert.Equal(ErrorCodes.BadDockerHost, error.Code);
        Assert.Contains("DOCKER_HOST", error.Message);
        Assert.Contains(advice, error.Message);
    }

    [Fact]
    public void Ssh_is_refused_naming_a_local_socket_forward_and_never_a_password()
    {
        var error = Assert.Throws<DevLoopException>(() => _config.Resolver(("DOCKER_HOST", "ssh://me:hunter2@build-box:2222")).Resolve());

        Assert.Equal(ErrorCodes.BadDockerHost, error.Code);
        Assert.Contains("ssh -nNT -L /tmp/docker-remote.sock:/var/run/docker.sock me@build-box", error.Message);
        Assert.Contains("DOCKER_HOST=unix:///tmp/docker-remote.sock", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void A_context_whose_host_is_ssh_is_refused_naming_the_context()
    {
        _config.CurrentContext("remote").Context("remote", "ssh://me@build-box");

        var error = Assert.Throws<DevLoopException>(() => _config.Resolver().Resolve());

        Assert.Equal(ErrorCodes.BadDockerHost, error.Code);
        Assert.Contains("'remote'", error.Message);
        Assert.Contains("ssh -nNT -L", error.Message);
    }

    [Fact]
    public void A_missing_context_is_a_coded_error_naming_it_where_it_was_chosen_and_what_to_do()
    {
        _config.CurrentContext("colima");

        var fromConfig = Assert.Throws<DevLoopException>(() => _config.Resolver().Resolve());
        var fromVariable = Assert.Throws<DevLoopException>(() => _config.Resolver(("DOCKER_CONTEXT", "podman")).Resolve());

        Assert.Equal(ErrorCodes.DockerContextNotFound, fromConfig.Code);
        Assert.Contains("'colima'", fromConfig.Message);
        Assert.Contains("currentContext", fromConfig.Message);
        Assert.Contains(DockerConfigFolder.Hash("colima"), fromConfig.Message);
        Assert.Contains("docker context ls", fromConfig.Message);
        Assert.Equal(ErrorCodes.DockerContextNotFound, fromVariable.Code);
        Assert.Contains("'podman'", fromVariable.Message);
        Assert.Contains("unset DOCKER_CONTEXT", fromVariable.Message);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("")]
    public void A_config_json_that_is_not_json_is_a_coded_error_naming_the_file(string content)
    {
        var file = _config.Write("config.json", content);

        var error = Assert.Throws<DevLoopException>(() => _config.Resolver().Resolve());

        Assert.Equal(ErrorCodes.DockerContextUnusable, error.Code);
        Assert.Contains(file, error.Message);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("{\"currentContext\": 5}")]
    [InlineData("{\"auths\": {}}")]
    public void A_config_json_without_a_current_context_string_means_the_default_socket(string content)
    {
        _config.Write("config.json", content);

        Assert.Equal("unix:///var/run/docker.sock", _config.Resolver().Resolve().Display);
    }

    [Theory]
    [InlineData("{\"Name\":\"k8s-only\",\"Endpoints\":{\"kubernetes\":{\"Host\":\"https://x\"}}}")]
    [InlineData("{\"Name\":\"k8s-only\",\"Endpoints\":{\"docker\":{\"Host\":\"\"}}}")]
    [InlineData("{\"Name\":\"k8s-only\",\"Endpoints\":{\"docker\":{\"Host\":7}}}")]
    public void A_context_without_a_docker_host_is_a_coded_error_naming_its_file(string meta)
    {
        _config.CurrentContext("k8s-only").Write($"contexts/meta/{DockerConfigFolder.Hash("k8s-only")}/meta.json", meta);

        var error = Assert.Throws<DevLoopException>(() => _config.Resolver().Resolve());

        Assert.Equal(ErrorCodes.DockerContextUnusable, error.Code);
        Assert.Contains("'k8s-only'", error.Message);
        Assert.Contains("meta.json", error.Message);
    }
}
