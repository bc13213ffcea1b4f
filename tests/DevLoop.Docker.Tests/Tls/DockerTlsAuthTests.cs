using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DevLoop.Core.Errors;
using DevLoop.Docker.Endpoints;
using DevLoop.Docker.Tests.Endpoints;
using DevLoop.Testing;
using Docker.DotNet.X509;

namespace DevLoop.Docker.Tests.Tls;

/// <summary>TLS settings as the docker CLI takes them (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, a context's TLS files and SkipTLSVerify) and the credentials made of them.</summary>
public sealed class DockerTlsAuthTests : IDisposable
{
    private readonly TestCertificates _certificates = new();
    private readonly TempDirectory _folder = new("devloop-tls");
    private readonly DockerConfigFolder _config = new();

    public void Dispose()
    {
        _certificates.Dispose();
        _folder.Dispose();
        _config.Dispose();
    }

    [Fact]
    public void DOCKER_TLS_VERIFY_takes_ca_cert_and_key_from_DOCKER_CERT_PATH_and_defaults_the_port_to_2376()
    {
        _certificates.WriteClientFiles(_folder.Path);

        var endpoint = _config.Resolver(("DOCKER_HOST", "tcp://127.0.0.1"), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", _folder.Path)).Resolve();

        Assert.Equal(2376, endpoint.Address.Port);
        Assert.NotNull(endpoint.Tls);
        Assert.True(endpoint.Tls!.Verify);
        Assert.Equal(Path.Combine(_folder.Path, "ca.pem"), endpoint.Tls.CaFile);
        Assert.Equal(Path.Combine(_folder.Path, "cert.pem"), endpoint.Tls.CertFile);
        Assert.Equal(Path.Combine(_folder.Path, "key.pem"), endpoint.Tls.KeyFile);
    }

    [Fact]
    public void Without_DOCKER_CERT_PATH_the_files_are_looked_for_in_the_Docker_config_folder()
    {
        _certificates.WriteClientFiles(_config.Path);

        var endpoint = _config.Resolver(("DOCKER_HOST", "tcp://127.0.0.1:2376"), ("DOCKER_TLS_VERIFY", "1")).Resolve();

        Assert.Equal(Path.Combine(_config.Path, "ca.pem"), endpoint.Tls!.CaFile);
    }

    [Fact]
    public void DOCKER_TLS_VERIFY_without_a_ca_pem_is_a_coded_error_naming_the_file_and_the_fix()
    {
        var error = Assert.Throws<DevLoopException>(() => _config.Resolver(("DOCKER_HOST", "tcp://127.0.0.1:2376"), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", _folder.Path)).Resolve());

        Assert.Equal(ErrorCodes.DockerTlsFilesUnusable, error.Code);
        Assert.Contains(Path.Combine(_folder.Path, "ca.pem"), error.Message);
        Assert.Contains("DOCKER_CERT_PATH", error.Message);
    }

    [Fact]
    public void DOCKER_TLS_alone_encrypts_without_checking_the_engine()
    {
        var endpoint = _config.Resolver(("DOCKER_HOST", "tcp://127.0.0.1:2376"), ("DOCKER_TLS", "1"), ("DOCKER_CERT_PATH", _folder.Path)).Resolve();

        Assert.False(endpoint.Tls!.Verify);
        Assert.Null(endpoint.Tls.CertFile);
        var credentials = Assert.IsType<CertificateCredentials>(DockerTlsAuth.Create(endpoint.Tls));
        Assert.True(credentials.ServerCertificateValidationCallback!(this, _certificates.Client, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void A_context_takes_its_TLS_files_and_SkipTLSVerify_from_the_context_store()
    {
        _config.CurrentContext("remote-tls").Context("remote-tls", "tcp://127.0.0.1:2376");
        _certificates.WriteClientFiles(_config.TlsFolderOf("remote-tls"));
        _config.Context("remote-skip", "tcp://127.0.0.1:2376", skipTlsVerify: true);

        var verified = _config.Resolver().Resolve();
        var skipped = _config.Resolver(("DOCKER_CONTEXT", "remote-skip")).Resolve();

        Assert.True(verified.Tls!.Verify);
        Assert.Equal(Path.Combine(_config.TlsFolderOf("remote-tls"), "key.pem"), verified.Tls.KeyFile);
        Assert.False(skipped.Tls!.Verify);
        Assert.Null(skipped.Tls.CaFile);
    }

    [Fact]
    public void A_context_without_TLS_files_or_SkipTLSVerify_is_plain()
    {
        _config.CurrentContext("plain").Context("plain", "tcp://127.0.0.1:2375");

        Assert.Null(_config.Resolver().Resolve().Tls);
    }

    [Fact]
    public void The_engines_certificate_must_come_from_ca_pem_and_name_the_host()
    {
        _certificates.WriteClientFiles(_folder.Path);
        using var stranger = new TestCertificates("stranger");
        var credentials = Assert.IsType<CertificateCredentials>(DockerTlsAuth.Create(DockerTlsSettings.FromFolder(_folder.Path, verify: true, "test")));
        var check = credentials.ServerCertificateValidationCallback!;

        Assert.True(check(this, _certificates.Server, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(check(this, stranger.Server, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(check(this, _certificates.Server, null, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(check(this, null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    [Fact]
    public void Without_a_ca_pem_a_verified_connection_is_left_to_the_systems_trusted_roots()
    {
        _certificates.WriteClientFiles(_folder.Path, withCa: false);

        var credentials = Assert.IsType<CertificateCredentials>(DockerTlsAuth.Create(DockerTlsSettings.FromFolder(_folder.Path, verify: true, "test")));

        Assert.Null(credentials.ServerCertificateValidationCallback);
    }

    [Fact]
    public void A_certificate_without_its_key_is_a_coded_error()
    {
        _certificates.WriteClientFiles(_folder.Path);
        File.Delete(Path.Combine(_folder.Path, "key.pem"));

        var error = Assert.Throws<DevLoopException>(() => DockerTlsAuth.Create(DockerTlsSettings.FromFolder(_folder.Path, verify: true, "DOCKER_TLS_VERIFY")));

        Assert.Equal(ErrorCodes.DockerTlsFilesUnusable, error.Code);
        Assert.Contains("cert.pem but no key.pem", error.Message);
        Assert.Contains("DOCKER_TLS_VERIFY", error.Message);
    }

    [Theory]
    [InlineData("ca.pem")]
    [InlineData("cert.pem")]
    [InlineData("key.pem")]
    public void A_file_that_is_not_PEM_is_a_coded_error_naming_it(string broken)
    {
        _certificates.WriteClientFiles(_folder.Path);
        File.WriteAllText(Path.Combine(_folder.Path, broken), "this is not a certificate");

        var error = Assert.Throws<DevLoopException>(() => DockerTlsAuth.Create(DockerTlsSettings.FromFolder(_folder.Path, verify: true, "test")));

        Assert.Equal(ErrorCodes.DockerTlsFilesUnusable, error.Code);
        Assert.Contains(Path.Combine(_folder.Path, broken), error.Message);
    }
}
