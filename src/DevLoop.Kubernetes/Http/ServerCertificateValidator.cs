using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DevLoop.Kubernetes.Config;

namespace DevLoop.Kubernetes.Http;

/// <summary>
/// Verifies the API server as the kubeconfig says: against its certificate authority when it names
/// one (and only that), by the name in tls-server-name when set, and not at all only when
/// insecure-skip-tls-verify says so.
/// </summary>
internal sealed class ServerCertificateValidator
{
    private readonly KubeCluster _cluster;
    private readonly X509Certificate2Collection? _authorities;

    public ServerCertificateValidator(KubeCluster cluster)
    {
        _cluster = cluster;
        _authorities = cluster.CertificateAuthorityPem is { } pem ? LoadAuthorities(pem) : null;
    }

    public bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_cluster.InsecureSkipTlsVerify)
        {
            return true;
        }

        if (certificate is null)
        {
            return false;
        }

        var server = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        var chainOk = _authorities is null
            ? (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0
            : BuildsToAuthority(server);
        var nameOk = _cluster.TlsServerName is { } name
            ? server.MatchesHostname(name)
            : (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
        return chainOk && nameOk && (errors & SslPolicyErrors.RemoteCertificateNotAvailable) == 0;
    }

    private bool BuildsToAuthority(X509Certificate2 server)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }

    private static X509Certificate2Collection LoadAuthorities(string pem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return collection;
    }
}
