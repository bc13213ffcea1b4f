using System.Net.Http.Headers;

namespace DevLoop.Kubernetes.Http;

/// <summary>
/// Adds the kubeconfig user's bearer token. A token file is read again once a minute, as client-go
/// does, because projected service-account tokens rotate. The token is never logged.
/// </summary>
internal sealed class BearerTokenHandler : DelegatingHandler
{
    private static readonly TimeSpan FileRefresh = TimeSpan.FromMinutes(1);
    private readonly string? _token;
    private readonly string? _tokenFile;
    private readonly TimeProvider _time;
    private string? _fileToken;
    private DateTimeOffset _readAt;

    public BearerTokenHandler(string? token, string? tokenFile, TimeProvider time, HttpMessageHandler inner)
        : base(inner)
    {
        _token = token;
        _tokenFile = tokenFile;
        _time = time;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null && CurrentToken() is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return base.SendAsync(request, cancellationToken);
    }

    private string? CurrentToken()
    {
        if (_tokenFile is null)
        {
            return _token;
        }

        var now = _time.GetUtcNow();
        if (_fileToken is null || now - _readAt > FileRefresh)
        {
            _fileToken = File.ReadAllText(_tokenFile).Trim();
            _readAt = now;
        }

        return _fileToken;
    }
}
