using System.Text;
using DevLoop.Core.Errors;

namespace DevLoop.Kubernetes.Config;

/// <summary>
/// The merged kubeconfig: clusters, users and contexts by name, each remembering the folder of the
/// file that defined it, because relative paths resolve against that file.
/// </summary>
public sealed class Kubeconfig
{
    private readonly IReadOnlyDictionary<string, Defined<ClusterEntry>> _clusters;
    private readonly IReadOnlyDictionary<string, Defined<UserEntry>> _users;
    private readonly IReadOnlyDictionary<string, Defined<ContextEntry>> _contexts;

    internal Kubeconfig(
        string? currentContext,
        IReadOnlyDictionary<string, Defined<ClusterEntry>> clusters,
        IReadOnlyDictionary<string, Defined<UserEntry>> users,
        IReadOnlyDictionary<string, Defined<ContextEntry>> contexts,
        IReadOnlyList<string> files)
    {
        CurrentContext = currentContext;
        _clusters = clusters;
        _users = users;
        _contexts = contexts;
        Files = files;
    }

    public string? CurrentContext { get; }

    /// <summary>The files that were read, in precedence order.</summary>
    public IReadOnlyList<string> Files { get; }

    public IEnumerable<string> ContextNames => _contexts.Keys.Order(StringComparer.Ordinal);

    /// <summary>The named context (or the current one), with an optional namespace override.</summary>
    public KubeContext Resolve(string? contextName, string? namespaceOverride)
    {
        var name = string.IsNullOrWhiteSpace(contextName) ? CurrentContext : contextName;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DevLoopException(ErrorCodes.NoCurrentContext, _contexts.Count == 0
                ? $"The kubeconfig ({string.Join(", ", Files)}) sets no current-context and defines no contexts. {KubeconfigShape.Example}"
                : $"The kubeconfig ({string.Join(", ", Files)}) sets no current-context. Set DevLoopContext to one of: {string.Join(", ", ContextNames)}.");
        }

        if (!_contexts.TryGetValue(name, out var context))
        {
            throw new DevLoopException(ErrorCodes.UnknownContext, _contexts.Count == 0
                ? $"The kubeconfig ({string.Join(", ", Files)}) has no context '{name}': it defines no contexts at all. {KubeconfigShape.Example}"
                : $"The kubeconfig has no context '{name}'. Known contexts: {string.Join(", ", ContextNames)}. Check DevLoopContext (or kubectl config get-contexts).");
        }

        var clusterName = context.Entry.Cluster ?? string.Empty;
        if (!_clusters.TryGetValue(clusterName, out var cluster) || string.IsNullOrWhiteSpace(cluster.Entry.Server))
        {
            throw new DevLoopException(ErrorCodes.KubeconfigIncomplete, $"Context '{name}' names cluster '{clusterName}', which the kubeconfig does not define with a server.");
        }

        var userName = context.Entry.User ?? string.Empty;
        _users.TryGetValue(userName, out var user);
        if (user is null && !string.IsNullOrEmpty(userName))
        {
            throw new DevLoopException(ErrorCodes.KubeconfigIncomplete, $"Context '{name}' names user '{userName}', which the kubeconfig does not define.");
        }

        var ns = !string.IsNullOrWhiteSpace(namespaceOverride) ? namespaceOverride
            : !string.IsNullOrWhiteSpace(context.Entry.Namespace) ? context.Entry.Namespace
            : "default";
        return new KubeContext(name, ResolveCluster(clusterName, cluster), ResolveUser(user), ns);
    }

    private static KubeCluster ResolveCluster(string name, Defined<ClusterEntry> defined)
    {
        var entry = defined.Entry;
        if (!Uri.TryCreate(entry.Server, UriKind.Absolute, out var server) || (server.Scheme != "https" && server.Scheme != "http"))
        {
            throw new DevLoopException(ErrorCodes.KubeconfigIncomplete, $"Cluster '{name}' has server '{entry.Server}', which is not an http(s) URL.");
        }

        var ca = DataOrFile(entry.CertificateAuthorityData, entry.CertificateAuthority, defined.Folder, $"certificate-authority of cluster '{name}'");
        if (ca is not null && entry.InsecureSkipTlsVerify)
        {
            // client-go refuses the combination too: it is either a mistake or a downgrade.
            throw new DevLoopException(ErrorCodes.KubeconfigIncomplete, $"Cluster '{name}' sets both a certificate authority and insecure-skip-tls-verify. Remove one of them.");
        }

        return new KubeCluster(server, ca, entry.InsecureSkipTlsVerify, string.IsNullOrWhiteSpace(entry.TlsServerName) ? null : entry.TlsServerName);
    }

    private static KubeUser ResolveUser(Defined<UserEntry>? defined)
    {
        if (defined is null)
        {
            return new KubeUser(null, null, null, null, null);
        }

        var entry = defined.Entry;
        var certificate = DataOrFile(entry.ClientCertificateData, entry.ClientCertificate, defined.Folder, "client-certificate");
        var key = DataOrFile(entry.ClientKeyData, entry.ClientKey, defined.Folder, "client-key");
        var tokenFile = string.IsNullOrWhiteSpace(entry.TokenFile) ? null : Path.GetFullPath(entry.TokenFile, defined.Folder);
        return new KubeUser(certificate, key, string.IsNullOrEmpty(entry.Token) ? null : entry.Token, tokenFile, ResolveExec(entry.Exec, defined.Folder));
    }

    private static KubeExecPlugin? ResolveExec(ExecEntry? exec, string folder)
    {
        if (exec is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(exec.Command))
        {
            throw new DevLoopException(ErrorCodes.KubeconfigIncomplete, "A user's exec credential plugin has no command.");
        }

        // Only a command with a path separator is relative to the kubeconfig; a bare name is looked up on PATH.
        var command = exec.Command.Contains('/') || exec.Command.Contains('\\') ? Path.GetFullPath(exec.Command, folder) : exec.Command;
        var apiVersion = exec.ApiVersion ?? string.Empty;
        var interactive = exec.InteractiveMode ?? (apiVersion.EndsWith("/v1beta1", StringComparison.Ordinal) ? "IfAvailable" : string.Empty);
        if (interactive.Length == 0)
        {
            throw new DevLoopException(ErrorCodes.KubeconfigIncomplete, $"The exec credential plugin '{exec.Command}' uses {apiVersion}, which requires interactiveMode (Never, IfAvailable or Always).");
        }

        var environment = (exec.Env ?? new List<ExecEnvEntry>())
            .Where(e => !string.IsNullOrEmpty(e.Name))
            .ToDictionary(e => e.Name!, e => e.Value ?? string.Empty, StringComparer.Ordinal);
        return new KubeExecPlugin(apiVersion, command, exec.Args ?? new List<string>(), environment, exec.InstallHint, exec.ProvideClusterInfo, interactive);
    }

    /// <summary>`*-data` (base64 of the PEM text) wins over the file; a relative file follows its kubeconfig.</summary>
    private static string? DataOrFile(string? data, string? file, string folder, string what)
    {
        if (!string.IsNullOrWhiteSpace(data))
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(data.Trim()));
            }
            catch (FormatException)
            {
                throw new DevLoopException(ErrorCodes.KubeconfigUnreadable, $"The {what}-data in the kubeconfig is not base64.");
            }
        }

        if (string.IsNullOrWhiteSpace(file))
        {
            return null;
        }

        var path = Path.GetFullPath(file, folder);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DevLoopException(ErrorCodes.KubeconfigUnreadable, $"Cannot read the {what} file '{path}' named in the kubeconfig: {e.Message}");
        }
    }
}

/// <summary>An entry and the folder of the kubeconfig file that defined it.</summary>
internal sealed record Defined<T>(T Entry, string Folder);
