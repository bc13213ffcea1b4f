using DevLoop.Core.Errors;

namespace DevLoop.Kubernetes.Config;

/// <summary>
/// The configuration of a process running in a pod with no kubeconfig: one context, "in-cluster",
/// reaching the API service with the pod's service account (its token file, re-read as it rotates,
/// and its CA). Built as a one-context Kubeconfig so resolving, namespace overrides and the allow
/// list work as for any other context.
/// </summary>
public static class InClusterConfig
{
    public const string ContextName = "in-cluster";

    internal static Kubeconfig Load(InClusterEnvironment environment)
    {
        var host = environment.ServiceHost!.Trim();
        // An IPv6 address needs brackets in a URL (as Go's net.JoinHostPort adds them).
        var server = $"https://{(host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host)}:{environment.ServicePort!.Trim()}";
        var folder = environment.ServiceAccountDirectory;
        var cluster = new ClusterEntry
        {
            Server = server,
            // Without a readable ca.crt client-go falls back to the system's trust; so does DevLoop.
            CertificateAuthority = File.Exists(environment.CertificateAuthorityPath) ? environment.CertificateAuthorityPath : null,
        };
        var user = new UserEntry { TokenFile = environment.TokenPath };
        var context = new ContextEntry { Cluster = ContextName, User = ContextName, Namespace = Namespace(environment) };
        return new Kubeconfig(
            ContextName,
            new Dictionary<string, Defined<ClusterEntry>> { [ContextName] = new(cluster, folder) },
            new Dictionary<string, Defined<UserEntry>> { [ContextName] = new(user, folder) },
            new Dictionary<string, Defined<ContextEntry>> { [ContextName] = new(context, folder) },
            Array.Empty<string>());
    }

    private static string Namespace(InClusterEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(environment.PodNamespace))
        {
            return environment.PodNamespace.Trim();
        }

        if (!File.Exists(environment.NamespacePath))
        {
            return "default";
        }

        try
        {
            var ns = File.ReadAllText(environment.NamespacePath).Trim();
            return ns.Length == 0 ? "default" : ns;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DevLoopException(ErrorCodes.KubeconfigUnreadable, $"Cannot read the pod's namespace file '{environment.NamespacePath}': {e.Message}");
        }
    }
}
