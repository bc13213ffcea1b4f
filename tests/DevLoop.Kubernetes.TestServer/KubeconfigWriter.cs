using System.Text;

namespace DevLoop.Kubernetes.TestServer;

public static class KubeconfigWriter
{
    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public static string Write(KubeApiServer server, string context, string? certificatePem, string? keyPem, string? token)
    {
        var user = new StringBuilder();
        if (certificatePem is not null && keyPem is not null)
        {
            user.Append($"    client-certificate-data: {B64(certificatePem)}\n    client-key-data: {B64(keyPem)}\n");
        }

        if (token is not null)
        {
            user.Append($"    token: {token}\n");
        }

        return $"""
            apiVersion: v1
            kind: Config
            current-context: {context}
            clusters:
            - name: {context}
              cluster:
                server: {server.Url.ToString().TrimEnd('/')}
                certificate-authority-data: {B64(server.Certificates.AuthorityPem)}
            users:
            - name: {context}
              user:
            {user.ToString().TrimEnd('\n')}
            contexts:
            - name: {context}
              context:
                cluster: {context}
                user: {context}
                namespace: default

            """;
    }
}
