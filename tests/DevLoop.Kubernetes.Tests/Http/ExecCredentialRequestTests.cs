using System.Text;
using System.Text.Json.Nodes;
using DevLoop.Kubernetes.Config;
using DevLoop.Kubernetes.Http;

namespace DevLoop.Kubernetes.Tests.Http;

public sealed class ExecCredentialRequestTests
{
    private static readonly KubeCluster Cluster = new(new Uri("https://10.0.0.1:6443/prefix"), "CA PEM", false, "kube");

    [Fact]
    public void The_request_is_never_interactive_and_carries_no_cluster_unless_asked()
    {
        var json = JsonNode.Parse(ExecCredentialRequest.ToJson(PluginScripts.Plugin("p", PluginScripts.V1Beta1), Cluster))!;

        Assert.Equal(PluginScripts.V1Beta1, (string?)json["apiVersion"]);
        Assert.Equal("ExecCredential", (string?)json["kind"]);
        Assert.False((bool)json["spec"]!["interactive"]!);
        Assert.Null(json["spec"]!["cluster"]);
    }

    [Fact]
    public void With_provideClusterInfo_the_cluster_travels_with_its_ca_as_base64_data()
    {
        var json = JsonNode.Parse(ExecCredentialRequest.ToJson(PluginScripts.Plugin("p", provideClusterInfo: true), Cluster))!;

        var cluster = json["spec"]!["cluster"]!;
        Assert.Equal("https://10.0.0.1:6443/prefix", (string?)cluster["server"]);
        Assert.Equal("kube", (string?)cluster["tls-server-name"]);
        Assert.False((bool)cluster["insecure-skip-tls-verify"]!);
        Assert.Equal("CA PEM", Encoding.UTF8.GetString(Convert.FromBase64String((string)cluster["certificate-authority-data"]!)));
    }
}
