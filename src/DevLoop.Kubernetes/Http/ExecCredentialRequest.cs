using System.Text;
using System.Text.Json;
using DevLoop.Kubernetes.Config;

namespace DevLoop.Kubernetes.Http;

/// <summary>
/// The ExecCredential a plugin receives in KUBERNETES_EXEC_INFO. DevLoop runs from MSBuild and from
/// watch, never at a terminal it may prompt on, so spec.interactive is always false.
/// </summary>
internal static class ExecCredentialRequest
{
    public static string ToJson(KubeExecPlugin plugin, KubeCluster cluster)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("apiVersion", plugin.ApiVersion);
            json.WriteString("kind", "ExecCredential");
            json.WriteStartObject("spec");
            json.WriteBoolean("interactive", false);
            if (plugin.ProvideClusterInfo)
            {
                WriteCluster(json, cluster);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteCluster(Utf8JsonWriter json, KubeCluster cluster)
    {
        json.WriteStartObject("cluster");
        json.WriteString("server", cluster.Server.OriginalString);
        if (cluster.TlsServerName is { } name)
        {
            json.WriteString("tls-server-name", name);
        }

        json.WriteBoolean("insecure-skip-tls-verify", cluster.InsecureSkipTlsVerify);
        if (cluster.CertificateAuthorityPem is { } pem)
        {
            // Like client-go: the CA always travels as data (base64 of the PEM), never as a file path.
            json.WriteString("certificate-authority-data", Convert.ToBase64String(Encoding.UTF8.GetBytes(pem)));
        }

        json.WriteEndObject();
    }
}
