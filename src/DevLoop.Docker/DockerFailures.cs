using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using DevLoop.Core.Errors;
using Docker.DotNet;

namespace DevLoop.Docker;

/// <summary>Runs one call to the engine and turns what the library and the transport throw into coded errors.</summary>
internal static class DockerFailures
{
    private const string ClosedWithoutAnswer =
        "the engine closed the connection without an answer, as an engine does when it asks for a client certificate and gets none, or one its CA did not sign";

    /// <param name="answeredBefore">Whether this client has had an answer from the engine already: then a dropped connection is not a refused handshake.</param>
    public static async Task<T> RunAsync<T>(DockerEndpoint endpoint, string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, bool answeredBefore = false)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw new DevLoopException(ErrorCodes.DockerApiError, $"The Docker engine refused to {what}: {(int)e.StatusCode} {MessageOf(e.ResponseBody)}", e);
        }
        catch (AuthenticationException e)
        {
            throw endpoint.TlsFailed(e);
        }
        catch (HttpRequestException e) when (endpoint.Tls is not null && e.InnerException is AuthenticationException)
        {
            // The engine's certificate was refused (another CA, another host name).
            throw endpoint.TlsFailed(e);
        }
        catch (IOException e) when (endpoint.Tls is not null && !answeredBefore && !cancellationToken.IsCancellationRequested)
        {
            // An engine that wants a client certificate and gets none closes the connection mid-handshake.
            throw endpoint.TlsFailed(e);
        }
        catch (HttpRequestException e) when (endpoint.Tls is not null && !answeredBefore && e.InnerException is not (SocketException or null) && !cancellationToken.IsCancellationRequested)
        {
            // Connected, but no HTTP answer came back. Under TLS 1.3 the client's handshake ends before the engine
            // checks its certificate, so the refusal reaches the first read: an IOException, often a connection reset.
            throw endpoint.TlsFailed(e, ClosedWithoutAnswer);
        }
        catch (HttpRequestException e) when (endpoint.Tls is null && e.InnerException is not (SocketException or IOException or null))
        {
            throw endpoint.Unreachable(e, endpoint.Address.Scheme == "tcp"
                ? "what answered is not the Docker API (a TLS port, 2376, needs DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, or a context with TLS files)"
                : "what answered is not the Docker API");
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or AggregateException { InnerException: SocketException })
        {
            throw endpoint.Unreachable(e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw endpoint.Unreachable(new TimeoutException("the engine did not answer in time", e));
        }
    }

    /// <summary>The engine's errors are {"message":"…"}; anything else is shown as it came.</summary>
    private static string MessageOf(string? body) =>
        string.IsNullOrWhiteSpace(body) ? "(no message)" : JsonMessageOf(body) ?? body.Trim();

    private static string? JsonMessageOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                ? message.GetString()!.Trim()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
