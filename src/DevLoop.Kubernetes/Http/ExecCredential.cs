using System.Security.Cryptography.X509Certificates;

namespace DevLoop.Kubernetes.Http;

/// <summary>
/// What an exec credential plugin answered: a bearer token, a client certificate (with its key), or
/// both, and until when they are good. Never printed: ToString hides everything but the expiry.
/// </summary>
internal sealed class ExecCredential
{
    public ExecCredential(string? token, X509Certificate2? clientCertificate, DateTimeOffset? expiresAt)
    {
        Token = token;
        ClientCertificate = clientCertificate;
        ExpiresAt = expiresAt;
    }

    public string? Token { get; }

    public X509Certificate2? ClientCertificate { get; }

    /// <summary>Null when the plugin gave no expirationTimestamp: good until the server refuses it.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    public override string ToString() =>
        $"ExecCredential {{ credentials hidden, expires {(ExpiresAt is { } at ? at.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : "never")} }}";
}
