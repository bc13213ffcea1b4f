namespace DevLoop.Kubernetes.Config;

/// <summary>Everything needed to reach one cluster as one user, resolved from the kubeconfig.</summary>
public sealed record KubeContext(string Name, KubeCluster Cluster, KubeUser User, string Namespace);

/// <param name="Server">The API server's base URL, possibly with a path prefix.</param>
/// <param name="CertificateAuthorityPem">The CA bundle (PEM text) to trust, when the kubeconfig names one.</param>
public sealed record KubeCluster(Uri Server, string? CertificateAuthorityPem, bool InsecureSkipTlsVerify, string? TlsServerName);

/// <param name="TokenFile">Re-read by the auth layer, as client-go does, because projected tokens rotate.</param>
public sealed record KubeUser(string? ClientCertificatePem, string? ClientKeyPem, string? Token, string? TokenFile, KubeExecPlugin? Exec)
{
    public override string ToString() => "KubeUser { credentials hidden }";
}

public sealed record KubeExecPlugin(
    string ApiVersion,
    string Command,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Environment,
    string? InstallHint,
    bool ProvideClusterInfo,
    string InteractiveMode);
