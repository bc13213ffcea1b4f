using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Config;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.Config;

/// <summary>A pod's service account as the fallback when no kubeconfig exists, from a temp service-account folder.</summary>
public sealed class InClusterConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new("devloop-in-cluster");

    public void Dispose() => _dir.Dispose();

    private string EmptyHome => Directory.CreateDirectory(_dir.Combine("home")).FullName;

    private InClusterEnvironment Pod(string host = "10.96.0.1", string port = "443", string? podNamespace = null, string? namespaceFile = "shop\n", bool ca = true)
    {
        _dir.Write("sa/token", "sa-token\n");
        if (ca)
        {
            _dir.Write("sa/ca.crt", "CA PEM");
        }

        if (namespaceFile is not null)
        {
            _dir.Write("sa/namespace", namespaceFile);
        }

        return new InClusterEnvironment(host, port, podNamespace, _dir.Combine("sa"));
    }

    [Fact]
    public void Without_a_kubeconfig_a_pod_uses_its_service_account_token_ca_and_namespace()
    {
        var config = KubeconfigLoader.Load(null, null, EmptyHome, Pod());

        Assert.Equal(InClusterConfig.ContextName, config.CurrentContext);
        Assert.Equal(new[] { "in-cluster" }, config.ContextNames);
        var context = config.Resolve(null, null);
        Assert.Equal("in-cluster", context.Name);
        Assert.Equal(new Uri("https://10.96.0.1:443"), context.Cluster.Server);
        Assert.Equal("CA PEM", context.Cluster.CertificateAuthorityPem);
        Assert.Equal(_dir.Combine("sa", "token"), context.User.TokenFile);
        Assert.Null(context.User.Token);
        Assert.Equal("shop", context.Namespace);
        Assert.Equal("other", config.Resolve(null, "other").Namespace);
    }

    [Theory]
    [InlineData("from-env", "shop\n", "from-env")]
    [InlineData(null, null, "default")]
    [InlineData(null, "  \n", "default")]
    public void The_namespace_comes_from_POD_NAMESPACE_then_the_namespace_file_then_default(string? podNamespace, string? namespaceFile, string expected)
    {
        var context = KubeconfigLoader.Load(null, null, EmptyHome, Pod(podNamespace: podNamespace, namespaceFile: namespaceFile)).Resolve(null, null);

        Assert.Equal(expected, context.Namespace);
    }

    [Fact]
    public void An_ipv6_service_host_is_bracketed_and_a_missing_ca_means_the_system_trust()
    {
        var context = KubeconfigLoader.Load(null, null, EmptyHome, Pod(host: "fd00:10:96::1", port: "6443", ca: false)).Resolve(null, null);

        Assert.Equal("https://[fd00:10:96::1]:6443/", context.Cluster.Server.ToString());
        Assert.Null(context.Cluster.CertificateAuthorityPem);
    }

    [Fact]
    public void Any_kubeconfig_wins_over_the_service_account()
    {
        var kubeconfig = _dir.Write("kube/config", "current-context: kind-a\nclusters:\n- name: c\n  cluster: { server: 'https://127.0.0.1:6443' }\ncontexts:\n- name: kind-a\n  context: { cluster: c }\n");
        var home = _dir.Combine("userhome");
        Directory.CreateDirectory(Path.Combine(home, ".kube"));
        File.Copy(kubeconfig, Path.Combine(home, ".kube", "config"));

        Assert.Equal("kind-a", KubeconfigLoader.Load(kubeconfig, null, EmptyHome, Pod()).CurrentContext);
        Assert.Equal("kind-a", KubeconfigLoader.Load(null, kubeconfig, EmptyHome, Pod()).CurrentContext);
        Assert.Equal("kind-a", KubeconfigLoader.Load(null, null, home, Pod()).CurrentContext);
    }

    [Theory]
    [InlineData(null, "443", true)]
    [InlineData("10.96.0.1", "", true)]
    [InlineData("10.96.0.1", "443", false)]
    public void Outside_a_pod_no_kubeconfig_stays_the_DL2103_error(string? host, string port, bool withToken)
    {
        var pod = Pod(host: host!, port: port);
        if (!withToken)
        {
            File.Delete(pod.TokenPath);
        }

        var error = Assert.Throws<DevLoopException>(() => KubeconfigLoader.Load(null, null, EmptyHome, pod));

        Assert.Equal(ErrorCodes.KubeconfigUnreadable, error.Code);
    }

    [Fact]
    public void The_in_cluster_context_must_be_allowed_and_the_refusal_says_where_it_came_from()
    {
        var error = Assert.Throws<DevLoopException>(() => ContextAllowList.EnsureAllowed(InClusterConfig.ContextName, null));

        Assert.Equal(ErrorCodes.ContextNotAllowed, error.Code);
        Assert.Contains("service account", error.Message);
        Assert.Contains("-p:DevLoopAllowedContexts=in-cluster", error.Message);
        ContextAllowList.EnsureAllowed(InClusterConfig.ContextName, "kind-*;in-cluster");
    }
}
