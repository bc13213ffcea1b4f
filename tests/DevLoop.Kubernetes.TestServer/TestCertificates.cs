using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>A throwaway CA, a server certificate for 127.0.0.1 / "kubernetes", and client certificates it signs.</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly RSA _caKey = RSA.Create(2048);

    public TestCertificates()
    {
        var request = new CertificateRequest("CN=devloop-test-ca", _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
        Server = Issue("CN=kube-apiserver", server: true);
    }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Server { get; }

    public string AuthorityPem => Authority.ExportCertificatePem();

    /// <summary>A client certificate whose CN is the user name, as Kubernetes reads it.</summary>
    public (string CertificatePem, string KeyPem) IssueClient(string user, bool ecdsa = false)
    {
        var certificate = Issue("CN=" + user, server: false, ecdsa);
        var key = ecdsa ? certificate.GetECDsaPrivateKey()!.ExportECPrivateKeyPem() : certificate.GetRSAPrivateKey()!.ExportRSAPrivateKeyPem();
        return (certificate.ExportCertificatePem(), key);
    }

    public void Dispose()
    {
        _caKey.Dispose();
        Authority.Dispose();
        Server.Dispose();
    }

    private X509Certificate2 Issue(string subject, bool server, bool ecdsa = false)
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ecdsa
            ? new CertificateRequest(subject, ec, HashAlgorithmName.SHA256)
            : new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            new OidCollection { new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2") }, false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("kubernetes");
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        // The generator overload signs with the CA's RSA key whatever the new key's algorithm (EC too).
        using var signed = request.Create(Authority.SubjectName, X509SignatureGenerator.CreateForRSA(_caKey, RSASignaturePadding.Pkcs1), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        var withKey = ecdsa ? signed.CopyWithPrivateKey(ec) : signed.CopyWithPrivateKey(rsa);

        // Round-trip through PKCS#12 so the key is usable for TLS on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
