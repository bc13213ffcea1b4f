namespace DevLoop.Kubernetes.Config;

/// <summary>What a pod tells its processes about the cluster: the API service's address and the mounted service account.</summary>
internal sealed record InClusterEnvironment(string? ServiceHost, string? ServicePort, string? PodNamespace, string ServiceAccountDirectory)
{
    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public string TokenPath => Path.Combine(ServiceAccountDirectory, "token");

    public string CertificateAuthorityPath => Path.Combine(ServiceAccountDirectory, "ca.crt");

    public string NamespacePath => Path.Combine(ServiceAccountDirectory, "namespace");

    /// <summary>As client-go decides: both service variables set and a service-account token mounted.</summary>
    public bool IsInCluster =>
        !string.IsNullOrWhiteSpace(ServiceHost) && !string.IsNullOrWhiteSpace(ServicePort) && File.Exists(TokenPath);

    public static InClusterEnvironment FromProcess() => new(
        Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"),
        Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT"),
        Environment.GetEnvironmentVariable("POD_NAMESPACE"),
        DefaultServiceAccountDirectory);
}
