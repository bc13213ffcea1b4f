using DevLoop.Core.Errors;

namespace DevLoop.Kubernetes.Api;

/// <summary>The apps/v1 kinds DevLoopWorkload may name, with kubectl's short names.</summary>
public static class WorkloadKinds
{
    private static readonly Dictionary<string, (string Canonical, string Resource)> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["deployment"] = ("deployment", "deployments"),
        ["deployments"] = ("deployment", "deployments"),
        ["deploy"] = ("deployment", "deployments"),
        ["statefulset"] = ("statefulset", "statefulsets"),
        ["statefulsets"] = ("statefulset", "statefulsets"),
        ["sts"] = ("statefulset", "statefulsets"),
        ["daemonset"] = ("daemonset", "daemonsets"),
        ["daemonsets"] = ("daemonset", "daemonsets"),
        ["ds"] = ("daemonset", "daemonsets"),
        ["replicaset"] = ("replicaset", "replicasets"),
        ["replicasets"] = ("replicaset", "replicasets"),
        ["rs"] = ("replicaset", "replicasets"),
    };

    public static bool IsKnown(string kind) => Known.ContainsKey(kind);

    public static string Resource(string kind) => Lookup(kind).Resource;

    public static string Canonical(string kind) => Lookup(kind).Canonical;

    private static (string Canonical, string Resource) Lookup(string kind) =>
        Known.TryGetValue(kind, out var found)
            ? found
            : throw new DevLoopException(ErrorCodes.BadWorkload, $"'{kind}' is not a workload kind DevLoop knows. Use deployment/NAME, statefulset/NAME, daemonset/NAME or replicaset/NAME.");
}
