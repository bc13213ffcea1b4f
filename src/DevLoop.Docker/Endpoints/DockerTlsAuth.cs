using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DevLoop.Core.Errors;
using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.X509;

namespace DevLoop.Docker.Endpoints;

/// <summary>Turns TLS settings into Docker.DotNet credentials: the client certificate, and a check of the engine's certificate against the CA.</summary>
internal static class DockerTlsAuth
{
    public static IAuthProvider Create(DockerTlsSettings tls)
    {
        if ((tls.CertFile is null) != (tls.KeyFile is null))
        {
            throw Unusable(tls, $"'{tls.Folder}' holds {(tls.CertFile is null ? "key.pem but no cert.pem" : "cert.pem but no key.pem")}; a client certificate needs both. "
                + "Put the missing file beside the other, or remove both to connect without a client certificate.", null);
        }

        var client = tls.CertFile is null ? null : Load(tls, $"{tls.CertFile}' and '{tls.KeyFile}", () => DockerTlsCertificates.LoadCertificateFromPemFiles(tls.CertFile, tls.KeyFile!));
        return new CertificateCredentials(client) { ServerCertificateValidationCallback = ServerCheck(tls) };
    }

    /// <summary>Null leaves the check to the system (its trusted roots and the host name).</summary>
    private static RemoteCertificateValidationCallback? ServerCheck(DockerTlsSettings tls)
    {
        if (!tls.Verify)
        {
            return static (_, _, _, _) => true;
        }

        if (tls.CaFile is null)
        {
            return null;
        }

        var roots = Load(tls, tls.CaFile, () =>
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPemFile(tls.CaFile);
            return collection.Count > 0 ? collection : throw new CryptographicException("it holds no PEM certificate");
        });
        return (_, certificate, _, errors) => IsSignedByAndNamed(certificate as X509Certificate2, errors, roots);
    }

    /// <summary>
    /// Trusts only the given CA (as the docker CLI does with ca.pem), and still requires the certificate
    /// to name the host that was dialled.
    /// </summary>
    private static bool IsSignedByAndNamed(X509Certificate2? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        return chain.Build(certificate);
    }

    private static T Load<T>(DockerTlsSettings tls, string file, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw Unusable(tls, $"'{file}' cannot be used: {e.Message.TrimEnd('.')}. Put the PEM files the engine's administrator gave you (ca.pem, cert.pem, key.pem) in '{tls.Folder}'.", e);
        }
    }

    private static DevLoopException Unusable(DockerTlsSettings tls, string what, Exception? e) =>
        new(ErrorCodes.DockerTlsFilesUnusable, $"TLS for the Docker engine (asked for by {tls.Origin}): {what}", e);
}
