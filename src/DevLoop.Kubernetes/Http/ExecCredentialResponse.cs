using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Config;

namespace DevLoop.Kubernetes.Http;

/// <summary>
/// Reads the ExecCredential a plugin printed on stdout. That output carries the secret, so no error
/// here quotes it: messages say what was wrong, never what was there.
/// </summary>
internal static partial class ExecCredentialResponse
{
    private static readonly string[] KnownApiVersions =
    {
        "client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1", "client.authentication.k8s.io/v1alpha1",
    };

    public static ExecCredential Parse(string stdout, KubeExecPlugin plugin)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stdout);
        }
        catch (JsonException e)
        {
            // e.Message can quote the offending character, which may belong to a token.
            throw Invalid(plugin, $"printed something that is not JSON (line {e.LineNumber + 1})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "kind", plugin) != "ExecCredential")
            {
                throw Invalid(plugin, "printed JSON that is not an ExecCredential");
            }

            var apiVersion = Text(root, "apiVersion", plugin);
            if (apiVersion != plugin.ApiVersion)
            {
                var answered = KnownApiVersions.Contains(apiVersion) ? $"'{apiVersion}'" : "another apiVersion";
                throw Invalid(plugin, $"answered with {answered} but was asked for '{plugin.ApiVersion}'. Set users[].user.exec.apiVersion in the kubeconfig to the version the plugin speaks");
            }

            if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(plugin, "printed an ExecCredential without a status");
            }

            return FromStatus(status, plugin);
        }
    }

    private static ExecCredential FromStatus(JsonElement status, KubeExecPlugin plugin)
    {
        var token = NonEmpty(Text(status, "token", plugin));
        var certificatePem = NonEmpty(Text(status, "clientCertificateData", plugin));
        var keyPem = NonEmpty(Text(status, "clientKeyData", plugin));
        if ((certificatePem is null) != (keyPem is null))
        {
            throw Invalid(plugin, "returned a client certificate without its key, or a key without its certificate");
        }

        if (token is null && certificatePem is null)
        {
            throw Invalid(plugin, "returned neither a token nor a client certificate and key");
        }

        var certificate = certificatePem is null ? null : LoadCertificate(certificatePem, keyPem!, plugin);
        return new ExecCredential(token, certificate, Expiry(Text(status, "expirationTimestamp", plugin), plugin));
    }

    private static X509Certificate2 LoadCertificate(string certificatePem, string keyPem, KubeExecPlugin plugin)
    {
        try
        {
            // PEM text, not base64 (unlike kubeconfig's *-data). The PKCS#12 round trip gives a key
            // Windows' TLS stack can use; elsewhere it is harmless.
            using var loaded = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            return new X509Certificate2(loaded.Export(X509ContentType.Pkcs12));
        }
        catch (CryptographicException e)
        {
            throw Invalid(plugin, $"returned a client certificate or key that cannot be read as PEM ({e.Message.TrimEnd('.')})");
        }
    }

    private static DateTimeOffset? Expiry(string? value, KubeExecPlugin plugin)
    {
        if (value is null)
        {
            return null;
        }

        var match = Rfc3339().Match(value);
        // .NET parses at most 7 fractional digits; Go may print 9.
        var trimmed = match.Success ? match.Groups[1].Value.ToUpperInvariant() + match.Groups[2].Value[..Math.Min(8, match.Groups[2].Length)] + match.Groups[3].Value.ToUpperInvariant() : null;
        if (trimmed is null || !DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expiry))
        {
            throw Invalid(plugin, "returned an expirationTimestamp that is not an RFC 3339 time");
        }

        return expiry;
    }

    private static string? Text(JsonElement element, string name, KubeExecPlugin plugin)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid(plugin, $"printed an ExecCredential whose '{name}' is not a string");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static DevLoopException Invalid(KubeExecPlugin plugin, string what) =>
        new(ErrorCodes.ExecPluginInvalid, $"The exec credential plugin '{plugin.Command}' {what}. DevLoop does not show the plugin's output because it carries credentials; run the plugin yourself to see it.");

    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}
