using System.Text;
using DevLoop.Core.Errors;
using DevLoop.Docker.Tests.Endpoints;
using DevLoop.Testing;

namespace DevLoop.Docker.Tests.Tls;

/// <summary>
/// A real TLS round trip: the real engine behind a loopback TLS front that demands a client certificate
/// (<see cref="TlsEngineProxy"/>), reached with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH or through a context's TLS files.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class DockerTlsContractTests : IAsyncLifetime
{
    private readonly SleepingContainer _container = new();
    private readonly TestCertificates _certificates = new();
    private readonly TempDirectory _certPath = new("devloop-certs");
    private readonly DockerConfigFolder _config = new();
    private TlsEngineProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        await _container.InitializeAsync();
        _proxy = new TlsEngineProxy(_certificates);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _container.DisposeAsync();
        _certificates.Dispose();
        _certPath.Dispose();
        _config.Dispose();
    }

    private DockerApiClient ClientFromVariables() => new(_config.Resolver(
        ("DOCKER_HOST", $"tcp://127.0.0.1:{_proxy.Port}"), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", _certPath.Path)).Resolve());

    [Fact]
    public async Task Exec_with_stdin_and_an_early_exit_work_over_TLS_with_a_client_certificate()
    {
        _certificates.WriteClientFiles(_certPath.Path);
        using var client = ClientFromVariables();
        var channel = await _container.ChannelAsync(client);
        var input = new string('x', 300_000) + "end";
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var echoed = await channel.ExecAsync(new[] { "sh", "-c", "cat; exit 5" }, new MemoryStream(Encoding.UTF8.GetBytes(input)), guard.Token);
        var early = await channel.ExecAsync(new[] { "sh", "-c", "exit 0" }, new MemoryStream(new byte[20 * 1024 * 1024]), guard.Token);

        Assert.Equal(5, echoed.ExitCode);
        Assert.Equal(input, echoed.Stdout);
        Assert.Equal(0, early.ExitCode);
        Assert.NotNull(client.Endpoint.Tls);
    }

    [Fact]
    public async Task A_context_with_TLS_files_reaches_the_engine_by_host_name()
    {
        _config.CurrentContext("remote-tls").Context("remote-tls", $"tcp://localhost:{_proxy.Port}");
        _certificates.WriteClientFiles(_config.TlsFolderOf("remote-tls"));
        using var client = new DockerApiClient(_config.Resolver().Resolve());

        var inspect = await client.InspectContainerAsync(_container.Name, CancellationToken.None);

        Assert.True(inspect!.State.Running);
        Assert.Equal("remote-tls", client.Endpoint.Context);
    }

    [Fact]
    public async Task Without_a_client_certificate_the_refused_handshake_is_a_coded_TLS_error()
    {
        _certificates.WriteClientFiles(_certPath.Path, withClient: false);
        using var client = ClientFromVariables();

        var error = await Assert.ThrowsAsync<DevLoopException>(() => client.InspectContainerAsync(_container.Name, CancellationToken.None));

        Assert.Equal(ErrorCodes.DockerTlsFailed, error.Code);
        Assert.Contains($"tcp://127.0.0.1:{_proxy.Port}", error.Message);
        Assert.Contains("cert.pem and key.pem", error.Message);
        Assert.True(_proxy.Refused > 0);
    }

    [Fact]
    public async Task A_plain_connection_to_the_TLS_port_is_a_coded_error_that_asks_for_TLS()
    {
        using var client = new DockerApiClient(_config.Resolver(("DOCKER_HOST", $"tcp://127.0.0.1:{_proxy.Port}")).Resolve());

        var error = await Assert.ThrowsAsync<DevLoopException>(() => client.InspectContainerAsync(_container.Name, CancellationToken.None));

        Assert.Equal(ErrorCodes.DockerUnreachable, error.Code);
        Assert.Contains("DOCKER_TLS_VERIFY", error.Message);
    }

    [Fact]
    public async Task An_engine_certificate_from_another_CA_is_a_coded_TLS_error()
    {
        using var stranger = new TestCertificates("stranger");
        stranger.WriteClientFiles(_certPath.Path, withClient: false);
        _certificates.WriteClientFiles(_certPath.Path, withCa: false);
        using var client = ClientFromVariables();

        var error = await Assert.ThrowsAsync<DevLoopException>(() => client.InspectContainerAsync(_container.Name, CancellationToken.None));

        Assert.Equal(ErrorCodes.DockerTlsFailed, error.Code);
        Assert.Contains(Path.Combine(_certPath.Path, "ca.pem"), error.Message);
    }
}
