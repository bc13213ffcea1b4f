using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using DevLoop.Core.Errors;

namespace DevLoop.Docker;

/// <summary>The few Docker Engine API calls DevLoop needs, over the engine's socket; no Docker CLI.</summary>
public sealed class DockerApiClient : IDisposable
{
    /// <summary>The newest API version this client was written against; older daemons are spoken to in theirs.</summary>
    public const string PreferredApiVersion = "1.45";

    private readonly HttpClient _http;
    private string? _versionPrefix;

    public DockerApiClient(DockerEndpoint endpoint)
    {
        Endpoint = endpoint;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = (_, ct) => new ValueTask<Stream>(endpoint.ConnectAsync(ct)),
            UseProxy = false,
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://api.moby.localhost/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public DockerEndpoint Endpoint { get; }

    public static DockerApiClient FromEnvironment() => new(DockerEndpoint.FromEnvironment());

    public async Task<string> GetApiPrefixAsync(CancellationToken cancellationToken)
    {
        if (_versionPrefix is not null)
        {
            return _versionPrefix;
        }

        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "_ping"), cancellationToken).ConfigureAwait(false);
        var daemon = response.Headers.TryGetValues("Api-Version", out var values) ? values.First() : PreferredApiVersion;
        var chosen = Version.Parse(daemon) < Version.Parse(PreferredApiVersion) ? daemon : PreferredApiVersion;
        _versionPrefix = "v" + chosen + "/";
        return _versionPrefix;
    }

    /// <summary>Null when no container has that name or id.</summary>
    public async Task<ContainerInspect?> InspectContainerAsync(string nameOrId, CancellationToken cancellationToken)
    {
        var prefix = await GetApiPrefixAsync(cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{prefix}containers/{Uri.EscapeDataString(nameOrId)}/json"), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, "inspect container " + nameOrId, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, DockerJsonContext.Default.ContainerInspect, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> CreateExecAsync(string containerId, IReadOnlyList<string> argv, bool attachStdin, CancellationToken cancellationToken)
    {
        var prefix = await GetApiPrefixAsync(cancellationToken).ConfigureAwait(false);
        var request = new HttpRequestMessage(HttpMethod.Post, $"{prefix}containers/{containerId}/exec")
        {
            Content = JsonContent.Create(new ExecCreateRequest(attachStdin, true, true, false, argv), DockerJsonContext.Default.ExecCreateRequest),
        };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "create exec in " + containerId, cancellationToken).ConfigureAwait(false);
        var created = await ReadAsync(response, DockerJsonContext.Default.ExecCreateResponse, cancellationToken).ConfigureAwait(false);
        return created.Id;
    }

    public async Task<ExecInspect> InspectExecAsync(string execId, CancellationToken cancellationToken)
    {
        var prefix = await GetApiPrefixAsync(cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{prefix}exec/{execId}/json"), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "inspect exec " + execId, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, DockerJsonContext.Default.ExecInspect, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the path exists in the container's file system (HEAD on the archive endpoint; no shell needed).</summary>
    public async Task<bool> PathExistsAsync(string containerId, string path, CancellationToken cancellationToken)
    {
        var prefix = await GetApiPrefixAsync(cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{prefix}containers/{containerId}/archive?path={Uri.EscapeDataString(path)}"), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, "stat " + path, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task RestartContainerAsync(string containerId, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var prefix = await GetApiPrefixAsync(cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{prefix}containers/{containerId}/restart?t={timeoutSeconds.ToString(CultureInfo.InvariantCulture)}"), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "restart container " + containerId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The container's multiplexed stdout/stderr, following until it stops or the token fires.</summary>
    public async Task<Stream> GetLogStreamAsync(string containerId, bool follow, string tail, CancellationToken cancellationToken)
    {
        var prefix = await GetApiPrefixAsync(cancellationToken).ConfigureAwait(false);
        var request = new HttpRequestMessage(HttpMethod.Get, $"{prefix}containers/{containerId}/logs?stdout=1&stderr=1&follow={(follow ? 1 : 0)}&tail={Uri.EscapeDataString(tail)}");
        var response = await SendAsync(request, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "read logs of " + containerId, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is DevLoopException inner)
        {
            throw inner;
        }
        catch (HttpRequestException e)
        {
            throw Endpoint.Unreachable(e);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var message = body;
        try
        {
            message = System.Text.Json.JsonSerializer.Deserialize(body, DockerJsonContext.Default.DockerError)?.Message ?? body;
        }
        catch (System.Text.Json.JsonException)
        {
            message = body;
        }

        throw new DevLoopException(ErrorCodes.DockerApiError, $"The Docker engine refused to {what}: {(int)response.StatusCode} {message.Trim()}");
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
        ?? throw new DevLoopException(ErrorCodes.DockerApiError, $"The Docker engine answered with an empty {typeof(T).Name}.");
}
