using DevLoop.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace DevLoop.Kubernetes.Config;

/// <summary>
/// Loads kubeconfig the way client-go does: an explicit file alone; else every KUBECONFIG entry
/// (missing ones skipped) merged with the first file that defines a name winning entirely; else
/// ~/.kube/config; and when there is none of these inside a pod, the pod's service account
/// (<see cref="InClusterConfig"/>).
/// </summary>
public static class KubeconfigLoader
{
    public static Kubeconfig Load(string? explicitPath) =>
        Load(explicitPath, Environment.GetEnvironmentVariable("KUBECONFIG"), HomeDirectory(), InClusterEnvironment.FromProcess());

    /// <param name="inCluster">The pod environment to fall back to when no kubeconfig is named or found; null: no fallback.</param>
    internal static Kubeconfig Load(string? explicitPath, string? kubeconfigVariable, string? home, InClusterEnvironment? inCluster = null)
    {
        var noKubeconfig = string.IsNullOrWhiteSpace(explicitPath) && string.IsNullOrWhiteSpace(kubeconfigVariable) && !File.Exists(HomeKubeconfig(home));
        if (noKubeconfig && inCluster is { IsInCluster: true })
        {
            return InClusterConfig.Load(inCluster);
        }

        var files = CandidateFiles(explicitPath, kubeconfigVariable, home);
        string? current = null;
        var clusters = new Dictionary<string, Defined<ClusterEntry>>(StringComparer.Ordinal);
        var users = new Dictionary<string, Defined<UserEntry>>(StringComparer.Ordinal);
        var contexts = new Dictionary<string, Defined<ContextEntry>>(StringComparer.Ordinal);
        var empty = new List<string>();
        foreach (var file in files)
        {
            if (Read(file) is not { } document)
            {
                empty.Add(file);
                continue;
            }

            var folder = Path.GetDirectoryName(file)!;
            current ??= string.IsNullOrWhiteSpace(document.CurrentContext) ? null : document.CurrentContext;
            AddFirst(clusters, document.Clusters, e => e.Cluster, folder);
            AddFirst(users, document.Users, e => e.User, folder);
            AddFirst(contexts, document.Contexts, e => e.Context, folder);
        }

        // client-go skips an empty file among several; when every file is empty there is nothing to use.
        if (empty.Count == files.Count)
        {
            throw new DevLoopException(ErrorCodes.KubeconfigUnreadable, $"The kubeconfig {(files.Count == 1 ? $"'{files[0]}' is" : $"files ({string.Join(", ", files)}) are")} empty. {KubeconfigShape.Example}");
        }

        return new Kubeconfig(current, clusters, users, contexts, files);
    }

    private static List<string> CandidateFiles(string? explicitPath, string? kubeconfigVariable, string? home)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            var path = Path.GetFullPath(explicitPath);
            if (!File.Exists(path))
            {
                throw new DevLoopException(ErrorCodes.KubeconfigUnreadable, $"The kubeconfig '{path}' does not exist. Check the path given to DevLoop (DevLoopKubeconfig).");
            }

            return new List<string> { path };
        }

        if (!string.IsNullOrWhiteSpace(kubeconfigVariable))
        {
            var listed = kubeconfigVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => Path.GetFullPath(p))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var existing = listed.Where(File.Exists).ToList();
            if (existing.Count == 0)
            {
                throw new DevLoopException(ErrorCodes.KubeconfigUnreadable, $"None of the files in KUBECONFIG exists ({string.Join(", ", listed)}).");
            }

            return existing;
        }

        var fallback = HomeKubeconfig(home);
        if (fallback is null || !File.Exists(fallback))
        {
            throw new DevLoopException(ErrorCodes.KubeconfigUnreadable, $"No kubeconfig found: KUBECONFIG is not set and '{fallback ?? "~/.kube/config"}' does not exist. Point KUBECONFIG at your cluster's kubeconfig.");
        }

        return new List<string> { fallback };
    }

    private static string? HomeKubeconfig(string? home) => home is null ? null : Path.Combine(home, ".kube", "config");

    /// <summary>The file's content, or null when it holds no YAML document (empty, or only comments).</summary>
    private static KubeconfigDocument? Read(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DevLoopException(ErrorCodes.KubeconfigUnreadable, $"Cannot read the kubeconfig '{file}': {e.Message}");
        }

        try
        {
            if (!KubeconfigShape.Check(file, text))
            {
                return null;
            }
        }
        catch (YamlException e)
        {
            throw new DevLoopException(ErrorCodes.KubeconfigUnreadable, $"The kubeconfig '{file}' is not valid YAML (line {e.Start.Line}): {e.InnerException?.Message ?? e.Message}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner and node loader throw these, not a YamlException, on some malformed text (found by fuzzing).
            throw new DevLoopException(ErrorCodes.KubeconfigUnreadable, $"The kubeconfig '{file}' is not valid YAML. {KubeconfigShape.Example}", e);
        }

        try
        {
            var deserializer = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();
            return deserializer.Deserialize<KubeconfigDocument?>(text) ?? new KubeconfigDocument();
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
            // The shape was checked; the deserializer's own message would name .NET types.
            throw new DevLoopException(ErrorCodes.KubeconfigUnreadable, $"The kubeconfig '{file}' has a value DevLoop cannot read{(e is YamlException yaml ? $" at line {yaml.Start.Line}, column {yaml.Start.Column}" : string.Empty)}. {KubeconfigShape.Example}", e);
        }
    }

    private static void AddFirst<T>(Dictionary<string, Defined<T>> target, List<NamedEntry<T>>? entries, Func<NamedEntry<T>, T?> select, string folder)
        where T : class
    {
        foreach (var entry in entries ?? new List<NamedEntry<T>>())
        {
            if (entry is not null && !string.IsNullOrEmpty(entry.Name) && select(entry) is { } value)
            {
                target.TryAdd(entry.Name, new Defined<T>(value, folder));
            }
        }
    }

    private static string? HomeDirectory()
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        return string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home;
    }
}
