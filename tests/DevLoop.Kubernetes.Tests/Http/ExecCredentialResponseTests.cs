using System.Text.Json;
using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Config;
using DevLoop.Kubernetes.Http;
using DevLoop.Kubernetes.TestServer;

namespace DevLoop.Kubernetes.Tests.Http;

public sealed class ExecCredentialResponseTests
{
    private const string Secret = "s3cr3t-Tok3n";
    private static readonly KubeExecPlugin Plugin = PluginScripts.Plugin("/opt/bin/get-token");

    private static string Answer(object? status, string apiVersion = PluginScripts.V1, string kind = "ExecCredential") =>
        JsonSerializer.Serialize(new Dictionary<string, object?> { ["apiVersion"] = apiVersion, ["kind"] = kind, ["status"] = status });

    [Theory]
    [InlineData("2030-01-01T10:00:00Z", "2030-01-01T10:00:00+00:00")]
    [InlineData("2030-01-01T12:00:00+02:00", "2030-01-01T10:00:00+00:00")]
    [InlineData("2030-01-01t10:00:00.123456789z", "2030-01-01T10:00:00.1234567+00:00")]
    public void A_token_and_its_rfc3339_expiry_are_read(string timestamp, string expected)
    {
        var credential = ExecCredentialResponse.Parse(Answer(new { token = Secret, expirationTimestamp = timestamp }), Plugin);

        Assert.Equal(Secret, credential.Token);
        Assert.Null(credential.ClientCertificate);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), credential.ExpiresAt);
    }

    [Fact]
    public void Without_an_expiry_the_credential_does_not_expire_and_its_text_hides_the_token()
    {
        var credential = ExecCredentialResponse.Parse(Answer(new { token = Secret }), Plugin);

        Assert.Null(credential.ExpiresAt);
        Assert.DoesNotContain(Secret, credential.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_client_certificate_and_key_arrive_as_pem_text(bool ecdsa)
    {
        using var certificates = new TestCertificates();
        var (certificatePem, keyPem) = certificates.IssueClient("dev", ecdsa);

        var credential = ExecCredentialResponse.Parse(Answer(new { clientCertificateData = certificatePem, clientKeyData = keyPem }), Plugin);

        Assert.Null(credential.Token);
        Assert.True(credential.ClientCertificate!.HasPrivateKey);
        Assert.Equal("CN=dev", credential.ClientCertificate.Subject);
        Assert.DoesNotContain("PRIVATE KEY", credential.ToString());
    }

    public static TheoryData<string, string> Unusable => new()
    {
        { $"token: {Secret}", "not JSON" },
        { $"[\"{Secret}\"]", "not an ExecCredential" },
        { Answer(new { token = Secret }, kind: "Secret"), "not an ExecCredential" },
        { Answer(new { token = Secret }, apiVersion: PluginScripts.V1Beta1), $"answered with '{PluginScripts.V1Beta1}' but was asked for '{PluginScripts.V1}'" },
        { Answer(new { token = Secret }, apiVersion: Secret), "answered with another apiVersion" },
        { Answer(null), "without a status" },
        { Answer(new { }), "neither a token nor a client certificate and key" },
        { Answer(new { token = "" }), "neither a token nor a client certificate and key" },
        { Answer(new { token = Secret, clientKeyData = Secret }), "without its key, or a key without its certificate" },
        { Answer(new { clientCertificateData = Secret, clientKeyData = Secret }), "cannot be read as PEM" },
        { Answer(new { token = Secret, expirationTimestamp = "tomorrow " + Secret }), "not an RFC 3339 time" },
        { Answer(new { token = 42 }), "'token' is not a string" },
    };

    [Theory]
    [MemberData(nameof(Unusable))]
    public void Unusable_answers_are_DL2108_and_never_quote_the_output(string stdout, string expected)
    {
        var error = Assert.Throws<DevLoopException>(() => ExecCredentialResponse.Parse(stdout, Plugin));

        Assert.Equal(ErrorCodes.ExecPluginInvalid, error.Code);
        Assert.Contains(expected, error.Message);
        Assert.Contains("'/opt/bin/get-token'", error.Message);
        Assert.DoesNotContain(Secret, error.ToString());
    }
}
