using DevLoop.Kubernetes.Config;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests;

/// <summary>Contexts for the API test server, made the way a user's are: a kubeconfig file, loaded and resolved.</summary>
internal static class TestContexts
{
    public static KubeContext FromKubeconfig(TempDirectory dir, string kubeconfig)
    {
        var path = dir.Write(Guid.NewGuid().ToString("N") + ".yaml", kubeconfig);
        return KubeconfigLoader.Load(path, null, null).Resolve(null, null);
    }

    /// <summary>A user that authenticates with a client certificate the server's CA issued.</summary>
    public static KubeContext CertificateUser(KubeApiServer server, TempDirectory dir, bool ecdsa = false, Func<string, string>? edit = null)
    {
        var (certificate, key) = server.Certificates.IssueClient("dev", ecdsa);
        var kubeconfig = KubeconfigWriter.Write(server, "kind-test", certificate, key, token: null);
        return FromKubeconfig(dir, edit is null ? kubeconfig : edit(kubeconfig));
    }
}
