using DevLoop.Targets.Docker;
using DevLoop.Targets.Settings;

namespace DevLoop.Targets.Providers;

/// <summary>
/// What a project's settings sync into, as a key two services must not share, and in words. The local
/// target runs each app from its own sandbox, so it claims nothing anyone else could.
/// </summary>
public sealed record TargetClaim(string Key, string Description)
{
    /// <summary>Null for the local target.</summary>
    public static TargetClaim? Of(DevLoopSettings settings)
    {
        switch (settings.Target)
        {
            case "docker":
                if (DockerProvider.ComposeServiceOf(settings) is { } compose)
                {
                    return new TargetClaim($"compose|{compose.Service.Project}|{compose.Service.Service}", $"the containers of {compose.Service}");
                }

                return settings.Container is null ? null : new TargetClaim("docker|" + settings.Container, $"container '{settings.Container}'");
            case "kubernetes":
                var k = settings.Kubernetes;
                var pods = k.Workload ?? (k.Selector is null ? null : "selector " + k.Selector);
                if (pods is null)
                {
                    return null;
                }

                var where = $"{(k.Namespace is null ? "the context's namespace" : "namespace " + k.Namespace)} of {(k.Context is null ? "the current context" : "context " + k.Context)}";
                return new TargetClaim(
                    $"kubernetes|{k.Kubeconfig}|{k.Context}|{k.Namespace}|{pods}|{k.Container}",
                    $"the pods of {pods}{(k.Container is null ? string.Empty : $" (container '{k.Container}')")} in {where}");
            default:
                return null;
        }
    }
}
