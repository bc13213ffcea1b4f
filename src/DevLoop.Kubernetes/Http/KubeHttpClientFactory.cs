using System.Security.Cryptography.X509Certificates;
using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Config;

namespace DevLoop.Kubernetes.Http;

/// <summary>
/// An HttpClient for one context: TLS checked as the kubeconfig says, client certificate and bearer token attached,
/// or the exec credential plugin's answer. Each handler caches its plugin credential: share one handler per context.
/// </summary>
public static class KubeHttpClientFactory
{
    public static HttpClient Create(KubeContext context) => new(CreateHandler(context, TimeProvider.System)) { BaseAddress = BaseAddress(context), Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The whole chain (TLS, client certificate, bearer token), for HttpClient and for WebSocket upgrades alike.</summary>
    public static HttpMessageHandler CreateHandler(KubeContext context) => CreateHandler(context, TimeProvider.System);

    public static Uri BaseAddress(KubeContext context)
    {
        var server = context.Cluster.Server.ToString();
        return new Uri(server.EndsWith('/') ? server : server + "/");
    }

    internal static HttpMessageHandler CreateHandler(KubeContext context, TimeProvider time)
    {
        var user = context.User;
        if (user.Exec is { } plugin && !HasOwnCredentials(user))
        {
            var runner = new ExecPluginRunner(ExecPluginRunner.DefaultTimeout);
            var credentials = new ExecCredentialCache(cancellationToken => runner.RunAsync(plugin, context.Cluster, cancellationToken), time);
            return new ExecCredentialHandler(credentials, certificate => Transport(context.Cluster, certificate));
        }

        return new BearerTokenHandler(user.Token, user.TokenFile, time, Transport(context.Cluster, ClientCertificate(user)));
    }

    /// <summary>client-go ignores the exec plugin of a user that has a token or a certificate of its own.</summary>
    private static bool HasOwnCredentials(KubeUser user) =>
        user.Token is not null || user.TokenFile is not null || user.ClientCertificatePem is not null || user.ClientKeyPem is not null;

    private static SocketsHttpHandler Transport(KubeCluster cluster, X509Certificate2? clientCertificate)
    {
        var validator = new ServerCertificateValidator(cluster);
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, chain, errors) => validator.Validate(certificate, chain, errors) },
        };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = new X509CertificateCollection { clientCertificate };
        }

        return handler;
    }

    private static X509Certificate2? ClientCertificate(KubeUser user)
    {
        if (user.ClientCertificatePem is null && user.ClientKeyPem is null)
        {
            return null;
        }

        if (user.ClientCertificatePem is null || user.ClientKeyPem is null)
        {
            throw new DevLoopException(ErrorCodes.KubeconfigIncomplete, "The kubeconfig user has a client certificate without its key, or a key without its certificate.");
        }

        try
        {
            // RSA (PKCS#1), EC (SEC1) and PKCS#8 keys all load here.
            return X509Certificate2.CreateFromPem(user.ClientCertificatePem, user.ClientKeyPem);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new DevLoopException(ErrorCodes.KubeconfigUnreadable, $"The kubeconfig user's client certificate or key cannot be read: {e.Message}");
        }
    }
}
