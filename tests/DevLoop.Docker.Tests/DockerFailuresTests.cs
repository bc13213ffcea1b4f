using System.Net.Sockets;
using DevLoop.Core.Errors;
using DevLoop.Docker.Endpoints;

namespace DevLoop.Docker.Tests;

public sealed class DockerFailuresTests
{
    private static readonly DockerEndpoint Plain = new("tcp://127.0.0.1:2375", new Uri("tcp://127.0.0.1:2375"), "DOCKER_HOST", null, null);

    private static readonly DockerEndpoint WithTls = new(
        "tcp://127.0.0.1:2376", new Uri("tcp://127.0.0.1:2376"), "DOCKER_HOST", null,
        new DockerTlsSettings("/certs", "/certs/ca.pem", null, null, Verify: true, "DOCKER_CERT_PATH"));

    private static HttpRequestException ResetAfterConnecting() =>
        new("The requested failed", new IOException("Unable to read data from the transport connection: Connection reset by peer.", new SocketException((int)SocketError.ConnectionReset)));

    private static Task<DevLoopException> FailureOf(DockerEndpoint endpoint, Exception thrown) =>
        Assert.ThrowsAsync<DevLoopException>(() => DockerFailures.RunAsync<int>(endpoint, "inspect", _ => throw thrown, CancellationToken.None));

    [Fact]
    public async Task A_reset_at_the_first_read_of_a_TLS_connection_is_the_refused_handshake_as_under_TLS_1_3()
    {
        var error = await FailureOf(WithTls, ResetAfterConnecting());

        Assert.Equal(ErrorCodes.DockerTlsFailed, error.Code);
        Assert.Contains("client certificate", error.Message);
    }

    [Fact]
    public async Task A_reset_after_the_engine_has_answered_once_is_a_lost_connection_not_a_refused_handshake()
    {
        var error = await Assert.ThrowsAsync<DevLoopException>(() => DockerFailures.RunAsync<int>(WithTls, "follow container events", _ => throw ResetAfterConnecting(), CancellationToken.None, answeredBefore: true));

        Assert.Equal(ErrorCodes.DockerUnreachable, error.Code);
    }

    [Fact]
    public async Task A_refused_connection_is_unreachable_with_or_without_TLS()
    {
        var refused = new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused));

        Assert.Equal(ErrorCodes.DockerUnreachable, (await FailureOf(WithTls, refused)).Code);
        Assert.Equal(ErrorCodes.DockerUnreachable, (await FailureOf(Plain, refused)).Code);
    }

    [Fact]
    public async Task A_reset_on_a_plain_connection_is_unreachable()
    {
        Assert.Equal(ErrorCodes.DockerUnreachable, (await FailureOf(Plain, ResetAfterConnecting())).Code);
    }
}
