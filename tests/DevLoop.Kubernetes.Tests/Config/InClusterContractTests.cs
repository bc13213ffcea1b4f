using DevLoop.Kubernetes.Api;
using DevLoop.Kubernetes.Config;
using DevLoop.Kubernetes.Http;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.Config;

/// <summary>A process "in a pod" of the API test server: service variables and a service-account folder, no kubeconfig.</summary>
public sealed class InClusterContractTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("devloop-in-cluster");
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

    [Fact]
    public async Task The_service_account_lists_pods_in_the_pods_namespace()
    {
        _server.Users.AddToken("sa-token", "system:serviceaccount:shop:default");
        _dir.Write("sa/token", "sa-token\n");
        _dir.Write("sa/ca.crt", _server.Certificates.AuthorityPem);
        _dir.Write("sa/namespace", "shop");
        // The test server's certificate names 127.0.0.1 (and "kubernetes"), where it listens.
        var pod = new InClusterEnvironment("127.0.0.1", _server.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), null, _dir.Combine("sa"));
        var context = KubeconfigLoader.Load(null, null, Directory.CreateDirectory(_dir.Combine("home")).FullName, pod).Resolve(null, null);

        var pods = await new KubeApiClient(KubeHttpClientFactory.Create(context)).ListPodsAsync(context.Namespace, null, CancellationToken.None);

        Assert.Equal("web-1", Assert.Single(pods.Items).Metadata.Name);
    }
}
