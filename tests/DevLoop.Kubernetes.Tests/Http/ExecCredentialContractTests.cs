using System.Text;
using System.Text.Json.Nodes;
using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Api;
using DevLoop.Kubernetes.Http;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.Http;

/// <summary>Kubeconfig users with exec credential plugins, against the API test server over TLS.</summary>
public sealed class ExecCredentialContractTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("devloop-exec-auth");
    private readonly FakeTime _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private KubeApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await KubeApiServer.StartAsync();
        _server.Pods.Add("shop", "web-1", new Dictionary<string, string> { ["app"] = "web" });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private KubeApiClient Client(string plugin, string apiVersion = PluginScripts.V1, string extra = "", string? token = null)
    {
        var kubeconfig = PluginScripts.WithExecUser(KubeconfigWriter.Write(_server, "kind-test", null, null, token), plugin, apiVersion, extra);
        var context = TestContexts.FromKubeconfig(_dir, kubeconfig);
        return new KubeApiClient(new HttpClient(KubeHttpClientFactory.CreateHandler(context, _time)) { BaseAddress = KubeHttpClientFactory.BaseAddress(context) });
    }

    private static async Task<int> ListAsync(KubeApiClient client) => (await client.ListPodsAsync("shop", null, CancellationToken.None)).Items.Count;

    [Fact]
    public async Task A_plugin_token_lists_pods_and_is_kept_for_later_requests()
    {
        _server.Users.AddToken("token-1", "dev");
        var client = Client(PluginScripts.TokenPlugin(_dir));

        Assert.Equal(1, await ListAsync(client));
        Assert.Equal(1, await ListAsync(client));
        Assert.Equal(1, PluginScripts.Runs(_dir));
    }

    [Fact]
    public async Task A_v1beta1_plugin_given_the_cluster_can_answer_with_a_client_certificate()
    {
        var (certificate, key) = _server.Certificates.IssueClient("dev");
        var plugin = PluginScripts.StatusPlugin(_dir, new { clientCertificateData = certificate, clientKeyData = key }, PluginScripts.V1Beta1, before: "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \"$DIR/info\"");

        Assert.Equal(1, await ListAsync(Client(plugin, PluginScripts.V1Beta1, extra: "      provideClusterInfo: true\n")));

        var cluster = JsonNode.Parse(File.ReadAllText(_dir.Combine("info")))!["spec"]!["cluster"]!;
        Assert.Equal(_server.Url.ToString().TrimEnd('/'), (string?)cluster["server"]);
        Assert.Equal(_server.Certificates.AuthorityPem, Encoding.UTF8.GetString(Convert.FromBase64String((string)cluster["certificate-authority-data"]!)));
    }

    [Fact]
    public async Task An_expired_token_runs_the_plugin_again()
    {
        _server.Users.AddToken("token-1", "dev");
        _server.Users.AddToken("token-2", "dev");
        var client = Client(PluginScripts.TokenPlugin(_dir, expires: "2030-01-01T01:00:00Z"));

        Assert.Equal(1, await ListAsync(client));
        _time.Now += TimeSpan.FromHours(2);
        Assert.Equal(1, await ListAsync(client));

        Assert.Equal(2, PluginScripts.Runs(_dir));
    }

    [Fact]
    public async Task A_refused_token_runs_the_plugin_again_and_the_request_is_sent_again()
    {
        _server.Users.AddToken("token-2", "dev");
        var client = Client(PluginScripts.TokenPlugin(_dir));

        Assert.Equal(1, await ListAsync(client));
        Assert.Equal(1, await ListAsync(client));

        Assert.Equal(2, PluginScripts.Runs(_dir));
    }

    [Fact]
    public async Task A_token_the_server_keeps_refusing_is_DL1101_after_one_more_run()
    {
        var client = Client(PluginScripts.TokenPlugin(_dir));

        var error = await Assert.ThrowsAsync<DevLoopException>(() => ListAsync(client));

        Assert.Equal(ErrorCodes.ApiUnauthorized, error.Code);
        Assert.DoesNotContain("token-", error.ToString());
        Assert.Equal(2, PluginScripts.Runs(_dir));
    }

    [Fact]
    public async Task A_user_with_a_token_of_its_own_does_not_run_its_plugin()
    {
        _server.Users.AddToken("static-token", "dev");

        Assert.Equal(1, await ListAsync(Client(PluginScripts.TokenPlugin(_dir), token: "static-token")));
        Assert.Equal(0, PluginScripts.Runs(_dir));
    }
}
