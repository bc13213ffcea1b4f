using DevLoop.Core.Errors;

namespace DevLoop.Kubernetes.Config;

/// <summary>
/// DevLoop changes running pods, so it only talks to clusters it is allowed to: local-cluster
/// context names by default, plus what the user lists in DevLoopAllowedContexts (separated by ';', ',' or spaces; '*' wildcards).
/// Checked before a single request is sent.
/// </summary>
public static class ContextAllowList
{
    public static readonly IReadOnlyList<string> Defaults = new[] { "kind-*", "k3d-*", "minikube", "docker-desktop", "rancher-desktop", "orbstack" };

    public static bool IsAllowed(string context, string? allowedContexts) =>
        Patterns(allowedContexts).Any(pattern => Matches(pattern, context));

    public static void EnsureAllowed(string context, string? allowedContexts)
    {
        if (!IsAllowed(context, allowedContexts))
        {
            // "in-cluster" is not a name the user wrote anywhere: say where it came from.
            var origin = context == InClusterConfig.ContextName
                ? " DevLoop found no kubeconfig and runs inside a pod, so it would use the pod's service account (context 'in-cluster')."
                : string.Empty;
            throw new DevLoopException(
                ErrorCodes.ContextNotAllowed,
                $"DevLoop will not change pods in context '{context}': only local clusters ({string.Join(", ", Defaults)}) and contexts listed in DevLoopAllowedContexts are allowed.{origin} "
                + $"If '{context}' is a development cluster you may change, add it: -p:DevLoopAllowedContexts={context}");
        }
    }

    private static IEnumerable<string> Patterns(string? allowedContexts) =>
        Defaults.Concat((allowedContexts ?? string.Empty).Split(new[] { ';', ',', ' ' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static bool Matches(string pattern, string name)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return string.Equals(pattern, name, StringComparison.Ordinal);
        }

        var position = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var found = i == 0 ? (name.StartsWith(part, StringComparison.Ordinal) ? 0 : -1) : name.IndexOf(part, position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + part.Length;
        }

        return parts[^1].Length == 0 || name.EndsWith(parts[^1], StringComparison.Ordinal);
    }
}
