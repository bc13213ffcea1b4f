using System.Text;
using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Config;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.Config;

public sealed class KubeconfigLoaderTests
{
    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Kubeconfig_entries_merge_first_file_wins_and_current_context_comes_from_the_first_that_sets_it()
    {
        using var dir = new TempDirectory();
        var first = dir.Write("a/config", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: shared
              cluster:
                server: https://127.0.0.1:6443
            contexts:
            - name: kind-dev
              context: { cluster: shared, user: dev }
            users:
            - name: dev
              user: { token: first-token }
            """);
        var second = dir.Write("b/config", """
            current-context: kind-dev
            clusters:
            - name: shared
              cluster:
                server: https://127.0.0.1:9999
                tls-server-name: ignored
            users:
            - name: dev
              user: { token: second-token }
            contexts:
            - name: k3d-other
              context: { cluster: shared, user: dev, namespace: shop }
            """);

        var config = KubeconfigLoader.Load(null, first + Path.PathSeparator + dir.Combine("missing") + Path.PathSeparator + second, home: null);

        Assert.Equal("kind-dev", config.CurrentContext);
        Assert.Equal(new[] { "k3d-other", "kind-dev" }, config.ContextNames);
        var context = config.Resolve(null, null);
        Assert.Equal(new Uri("https://127.0.0.1:6443"), context.Cluster.Server);
        Assert.Null(context.Cluster.TlsServerName);
        Assert.Equal("first-token", context.User.Token);
        Assert.Equal("default", context.Namespace);
        Assert.Equal("shop", config.Resolve("k3d-other", null).Namespace);
        Assert.Equal("override", config.Resolve("k3d-other", "override").Namespace);
    }

    [Fact]
    public void An_explicit_file_is_loaded_alone_and_relative_paths_follow_it()
    {
        using var dir = new TempDirectory();
        dir.Write("kube/ca.crt", "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n");
        dir.Write("kube/token", "file-token");
        var file = dir.Write("kube/config", $"""
            current-context: kind-a
            clusters:
            - name: c
              cluster: {"{"} server: "https://127.0.0.1:6443/prefix", certificate-authority: ca.crt, tls-server-name: kubernetes {"}"}
            users:
            - name: u
              user:
                tokenFile: token
                client-certificate-data: {B64("CERT PEM")}
                client-key-data: {B64("KEY PEM")}
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: ./bin/plugin
                  args: [get-token]
                  env: [{"{"}name: A, value: b{"}"}]
            contexts:
            - name: kind-a
              context: {"{"} cluster: c, user: u {"}"}
            """);

        var context = KubeconfigLoader.Load(file, kubeconfigVariable: "/ignored/config", home: null).Resolve(null, null);

        Assert.Contains("CA", context.Cluster.CertificateAuthorityPem);
        Assert.Equal("/prefix", context.Cluster.Server.AbsolutePath);
        Assert.Equal("kubernetes", context.Cluster.TlsServerName);
        Assert.Equal(dir.Combine("kube", "token"), context.User.TokenFile);
        Assert.Equal("CERT PEM", context.User.ClientCertificatePem);
        Assert.Equal("KEY PEM", context.User.ClientKeyPem);
        Assert.Equal(dir.Combine("kube", "bin", "plugin"), context.User.Exec!.Command);
        Assert.Equal("IfAvailable", context.User.Exec.InteractiveMode);
        Assert.Equal("b", context.User.Exec.Environment["A"]);
        Assert.DoesNotContain("KEY PEM", context.User.ToString());
    }

    [Theory]
    [InlineData("current-context: [unclosed", ErrorCodes.KubeconfigUnreadable)]
    [InlineData("contexts:\n- context: {clus{ter: kind, user: kind-user}\n  name: kind-dev\n", ErrorCodes.KubeconfigUnreadable)] // found by fuzzing: YamlDotNet threw InvalidOperationException
    [InlineData("current-context: cloud\nclusters:\n-", ErrorCodes.UnknownContext)] // found by fuzzing: a null list entry threw NullReferenceException
    [InlineData("current-context: nope\ncontexts: []", ErrorCodes.UnknownContext)]
    [InlineData("contexts: []", ErrorCodes.NoCurrentContext)]
    [InlineData("current-context: x\ncontexts:\n- name: x\n  context: { cluster: missing }", ErrorCodes.KubeconfigIncomplete)]
    [InlineData("current-context: x\nclusters:\n- name: c\n  cluster: { server: 'https://h', insecure-skip-tls-verify: true, certificate-authority-data: QQ== }\ncontexts:\n- name: x\n  context: { cluster: c }", ErrorCodes.KubeconfigIncomplete)]
    [InlineData("current-context: x\nclusters:\n- name: c\n  cluster: { server: 'https://h' }\nusers:\n- name: u\n  user: { exec: { apiVersion: client.authentication.k8s.io/v1, command: p } }\ncontexts:\n- name: x\n  context: { cluster: c, user: u }", ErrorCodes.KubeconfigIncomplete)]
    public void Bad_kubeconfigs_are_coded_errors(string yaml, string code)
    {
        using var dir = new TempDirectory();
        var file = dir.Write("config", yaml);

        var error = Assert.Throws<DevLoopException>(() => KubeconfigLoader.Load(file, null, null).Resolve(null, null));

        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void A_missing_explicit_file_or_no_kubeconfig_at_all_is_a_coded_error()
    {
        Assert.Equal(ErrorCodes.KubeconfigUnreadable, Assert.Throws<DevLoopException>(() => KubeconfigLoader.Load("/nonexistent/kubeconfig", null, null)).Code);
        Assert.Equal(ErrorCodes.KubeconfigUnreadable, Assert.Throws<DevLoopException>(() => KubeconfigLoader.Load(null, null, "/nonexistent-home")).Code);
    }
}
