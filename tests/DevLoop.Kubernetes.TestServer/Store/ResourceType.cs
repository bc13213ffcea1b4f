namespace DevLoop.Kubernetes.TestServer;

/// <summary>One API resource as discovery, URLs, RBAC messages and Status details name it.</summary>
public sealed record ResourceType(string Group, string Version, string Resource, string Kind, string Singular, IReadOnlyList<string> ShortNames)
{
    public static readonly ResourceType Pods = new(string.Empty, "v1", "pods", "Pod", "pod", new[] { "po" });

    public static readonly ResourceType Deployments = new("apps", "v1", "deployments", "Deployment", "deployment", new[] { "deploy" });

    public static readonly ResourceType ReplicaSets = new("apps", "v1", "replicasets", "ReplicaSet", "replicaset", new[] { "rs" });

    /// <summary>"v1" for the core group, "apps/v1" otherwise: the objects' apiVersion.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    public string ListKind => Kind + "List";

    /// <summary>The URL prefix of the group version: /api/v1 or /apis/apps/v1.</summary>
    public string Prefix => Group.Length == 0 ? "/api/" + Version : $"/apis/{Group}/{Version}";
}
