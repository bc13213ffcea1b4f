using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Api;
using DevLoop.Kubernetes.Config;
using DevLoop.Kubernetes.Http;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.Api;

/// <summary>The client, from a kubeconfig file, against the API test server over TLS on loopback.</summary>
public sealed class KubeApiClientContractTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("devloop-kube");
    private KubeApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await KubeApiServer.StartAsync();
        _server.Pods.Add("shop", "orders-1", new Dictionary<string, string> { ["app"] = "orders" });
        _server.Pods.Add("shop", "orders-2", new Dictionary<string, string> { ["app"] = "orders" }, ready: false);
        _server.Pods.Add("shop", "web-1", new Dictionary<string, string> { ["app"] = "web" });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private KubeApiClient Client(string kubeconfig) =>
        new(KubeHttpClientFactory.Create(TestContexts.FromKubeconfig(_dir, kubeconfig)));

    private KubeApiClient CertificateClient(bool ecdsa = false, Func<string, string>? edit = null) =>
        new(KubeHttpClientFactory.Create(TestContexts.CertificateUser(_server, _dir, ecdsa, edit)));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Client_certificates_authenticate_and_pods_list_by_label_selector(bool ecdsa)
    {
        var pods = await CertificateClient(ecdsa).ListPodsAsync("shop", "app=orders", CancellationToken.None);

        Assert.Equal(new[] { "orders-1", "orders-2" }, pods.Items.Select(p => p.Metadata.Name));
        Assert.Equal(new[] { true, false }, pods.Items.Select(p => p.IsReady));
        Assert.False(string.IsNullOrEmpty(pods.Metadata.ResourceVersion));
        Assert.Equal("app", pods.Items[0].Spec!.Containers![0].Name);
    }

    [Fact]
    public async Task Bearer_tokens_authenticate_and_a_missing_pod_is_null()
    {
        _server.Users.AddToken("secret-token", "dev");
        var client = Client(KubeconfigWriter.Write(_server, "kind-test", null, null, token: "secret-token"));

        Assert.Equal("web-1", (await client.GetPodAsync("shop", "web-1", CancellationToken.None))!.Metadata.Name);
        Assert.Null(await client.GetPodAsync("shop", "nope", CancellationToken.None));
    }

    [Fact]
    public async Task A_token_file_is_read_for_each_client()
    {
        _server.Users.AddToken("file-token", "dev");
        var tokenFile = _dir.Write("token", "file-token\n");
        var kubeconfig = KubeconfigWriter.Write(_server, "kind-test", null, null, token: null)
            .Replace("  user:\n", $"  user:\n    tokenFile: {tokenFile}\n", StringComparison.Ordinal);

        Assert.Single((await Client(kubeconfig).ListPodsAsync("shop", "app=web", CancellationToken.None)).Items);
    }

    [Fact]
    public async Task Rejected_credentials_and_missing_rights_are_coded_errors_that_name_the_verb()
    {
        var unknown = await Assert.ThrowsAsync<DevLoopException>(() =>
            Client(KubeconfigWriter.Write(_server, "kind-test", null, null, token: "wrong")).ListPodsAsync("shop", null, CancellationToken.None));
        Assert.Equal(ErrorCodes.ApiUnauthorized, unknown.Code);
        Assert.DoesNotContain("wrong", unknown.Message);

        _server.Users.AddToken("viewer-token", "viewer");
        _server.Users.Forbid("viewer");
        var forbidden = await Assert.ThrowsAsync<DevLoopException>(() =>
            Client(KubeconfigWriter.Write(_server, "kind-test", null, null, token: "viewer-token")).ListPodsAsync("shop", null, CancellationToken.None));
        Assert.Equal(ErrorCodes.ApiForbidden, forbidden.Code);
        Assert.Contains("'list' on 'pods'", forbidden.Message);
        Assert.Contains("'shop'", forbidden.Message);
    }

    [Fact]
    public async Task The_server_is_verified_against_the_kubeconfig_authority_only()
    {
        using var other = new TestCertificates();
        var otherCa = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(other.AuthorityPem));
        var wrongCa = CertificateClient(edit: k => System.Text.RegularExpressions.Regex.Replace(k, "certificate-authority-data: .*", "certificate-authority-data: " + otherCa));

        var error = await Assert.ThrowsAsync<DevLoopException>(() => wrongCa.ListPodsAsync("shop", null, CancellationToken.None));
        Assert.Equal(ErrorCodes.ApiServerUnreachable, error.Code);

        var insecure = CertificateClient(edit: k => System.Text.RegularExpressions.Regex.Replace(k, "certificate-authority-data: .*", "insecure-skip-tls-verify: true"));
        Assert.Equal(3, (await insecure.ListPodsAsync("shop", null, CancellationToken.None)).Items.Count);
    }

    [Fact]
    public async Task Tls_server_name_decides_which_name_the_certificate_must_carry()
    {
        var rightName = CertificateClient(edit: k => k.Replace("    certificate-authority-data:", "    tls-server-name: kubernetes\n    certificate-authority-data:", StringComparison.Ordinal));
        Assert.Equal(3, (await rightName.ListPodsAsync("shop", null, CancellationToken.None)).Items.Count);

        var wrongName = CertificateClient(edit: k => k.Replace("    certificate-authority-data:", "    tls-server-name: not-the-server\n    certificate-authority-data:", StringComparison.Ordinal));
        Assert.Equal(ErrorCodes.ApiServerUnreachable, (await Assert.ThrowsAsync<DevLoopException>(() => wrongName.ListPodsAsync("shop", null, CancellationToken.None))).Code);
    }

    [Fact]
    public async Task An_api_server_that_is_not_there_is_a_coded_error()
    {
        var port = FreePort.Next();
        var client = CertificateClient(edit: k => k.Replace(_server.Url.ToString().TrimEnd('/'), $"https://127.0.0.1:{port}", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<DevLoopException>(() => client.ListPodsAsync("shop", null, CancellationToken.None));

        Assert.Equal(ErrorCodes.ApiServerUnreachable, error.Code);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
    }
}
