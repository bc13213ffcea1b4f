using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;

namespace DevLoop.Kubernetes.Http;

/// <summary>
/// Authenticates with what the user's exec credential plugin answers. A token goes into the
/// Authorization header. A client certificate attaches during the TLS handshake, so each distinct
/// certificate gets its own transport (a connection pool built with it): a renewed certificate never
/// rides a connection opened with the old one, and requests still running on the old pool (watches)
/// finish there.
/// On a 401 the plugin runs again, once. A request without a body is then sent again with the new
/// credential; a request with a body cannot be replayed safely (its content may be a consumed
/// stream), so its caller gets the 401 and the next request uses the new credential.
/// </summary>
internal sealed class ExecCredentialHandler : HttpMessageHandler
{
    private readonly ExecCredentialCache _credentials;
    private readonly Func<X509Certificate2?, HttpMessageHandler> _createTransport;
    private readonly object _transportLock = new();
    private readonly List<HttpMessageInvoker> _retiredTransports = new();
    private HttpMessageInvoker? _transport;
    private X509Certificate2? _transportCertificate;

    public ExecCredentialHandler(ExecCredentialCache credentials, Func<X509Certificate2?, HttpMessageHandler> createTransport)
    {
        _credentials = credentials;
        _createTransport = createTransport;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is not null)
        {
            // The caller chose its credentials; like client-go, don't run the plugin for it.
            return await CurrentTransport().SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var credential = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
        var response = await SendWithAsync(request, credential, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        if (request.Content is not null)
        {
            try
            {
                await _credentials.RenewAfterRejectionAsync(credential, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                response.Dispose();
                throw;
            }

            return response;
        }

        response.Dispose();
        var renewed = await _credentials.RenewAfterRejectionAsync(credential, cancellationToken).ConfigureAwait(false);
        return await SendWithAsync(request, renewed, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_transportLock)
            {
                _transport?.Dispose();
                _retiredTransports.ForEach(t => t.Dispose());
            }

            _credentials.Dispose();
        }

        base.Dispose(disposing);
    }

    private Task<HttpResponseMessage> SendWithAsync(HttpRequestMessage request, ExecCredential credential, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = credential.Token is { } token ? new AuthenticationHeaderValue("Bearer", token) : null;
        return TransportFor(credential.ClientCertificate).SendAsync(request, cancellationToken);
    }

    private HttpMessageInvoker CurrentTransport()
    {
        lock (_transportLock)
        {
            return _transport ??= new HttpMessageInvoker(_createTransport(null));
        }
    }

    private HttpMessageInvoker TransportFor(X509Certificate2? certificate)
    {
        lock (_transportLock)
        {
            if (_transport is null || !SameCertificate(_transportCertificate, certificate))
            {
                if (_transport is not null)
                {
                    _retiredTransports.Add(_transport);
                }

                _transport = new HttpMessageInvoker(_createTransport(certificate));
                _transportCertificate = certificate;
            }

            return _transport;
        }
    }

    private static bool SameCertificate(X509Certificate2? a, X509Certificate2? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.RawDataMemory.Span.SequenceEqual(b.RawDataMemory.Span));
}
