using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DevLoop.Docker.Tests.Tls;

/// <summary>A CA, a server certificate for 127.0.0.1 and localhost, and a client certificate, made for one test run (ECDSA P-256: quick to make).</summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates(string name = "devloop-test")
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={name} CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        Ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        Server = Issue("CN=localhost", "1.3.6.1.5.5.7.3.1", names.Build());
        Client = Issue("CN=devloop-client", "1.3.6.1.5.5.7.3.2", null);
    }

    public X509Certificate2 Ca { get; }

    /// <summary>With its private key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>With its private key.</summary>
    public X509Certificate2 Client { get; }

    /// <summary>Writes ca.pem, cert.pem and key.pem (the client's) as the docker CLI expects them.</summary>
    public void WriteClientFiles(string folder, bool withCa = true, bool withClient = true)
    {
        Directory.CreateDirectory(folder);
        if (withCa)
        {
            File.WriteAllText(Path.Combine(folder, "ca.pem"), Ca.ExportCertificatePem());
        }

        if (withClient)
        {
            File.WriteAllText(Path.Combine(folder, "cert.pem"), Client.ExportCertificatePem());
            File.WriteAllText(Path.Combine(folder, "key.pem"), Client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        }
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
    }

    private X509Certificate2 Issue(string subject, string usage, X509Extension? alternativeNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(usage) }, false));
        if (alternativeNames is not null)
        {
            request.CertificateExtensions.Add(alternativeNames);
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(Ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), serial);
        using var withKey = issued.CopyWithPrivateKey(key);

        // Through PKCS#12 so the key outlives the key object above, as SslStream needs for a server certificate.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
