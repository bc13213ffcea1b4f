using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Api;

namespace DevLoop.Kubernetes.Target;

/// <summary>Turns DevLoopSelector or DevLoopWorkload into the label selector of the pods to sync.</summary>
public static class PodScopeResolver
{
    public static async Task<PodScope> ResolveAsync(KubernetesConnection connection, KubernetesSettings settings, CancellationToken cancellationToken)
    {
        var hasSelector = !string.IsNullOrWhiteSpace(settings.Selector);
        var hasWorkload = !string.IsNullOrWhiteSpace(settings.Workload);
        if (hasSelector && hasWorkload)
        {
            throw new DevLoopException(ErrorCodes.SelectorAndWorkload, $"Both DevLoopSelector ('{settings.Selector}') and DevLoopWorkload ('{settings.Workload}') are set; set only one.");
        }

        if (!hasSelector && !hasWorkload)
        {
            throw new DevLoopException(ErrorCodes.NoSelector, "The kubernetes target needs to know which pods to sync: set DevLoopWorkload (for example deployment/orders) or DevLoopSelector (a label selector, for example app=orders).");
        }

        var ns = connection.Namespace;
        if (hasSelector)
        {
            var selector = settings.Selector!.Trim();
            return new PodScope(ns, selector, $"pods with {selector}", null);
        }

        var (kind, name) = ParseWorkload(settings.Workload!.Trim());
        var workload = await connection.Api.GetWorkloadAsync(kind, ns, name, cancellationToken).ConfigureAwait(false)
            ?? throw new DevLoopException(ErrorCodes.WorkloadNotFound, $"There is no {kind} '{name}' in namespace '{ns}' of context '{connection.Context.Name}'. Check DevLoopWorkload and DevLoopNamespace (kubectl get {kind} -n {ns}).");
        var query = workload.Spec?.Selector is { } structured ? LabelSelectors.ToQuery(structured) : string.Empty;
        if (string.IsNullOrEmpty(query))
        {
            throw new DevLoopException(ErrorCodes.BadWorkload, $"{kind}/{name} has no pod selector DevLoop can use. Set DevLoopSelector instead.");
        }

        return new PodScope(ns, query, $"{WorkloadKinds.Canonical(kind)}/{name}", workload);
    }

    private static (string Kind, string Name) ParseWorkload(string workload)
    {
        var slash = workload.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == workload.Length - 1 || !WorkloadKinds.IsKnown(workload[..slash]))
        {
            throw new DevLoopException(ErrorCodes.BadWorkload, $"DevLoopWorkload '{workload}' is not KIND/NAME with a kind DevLoop knows. Use for example deployment/orders (or statefulset/, daemonset/, replicaset/).");
        }

        return (WorkloadKinds.Canonical(workload[..slash]), workload[(slash + 1)..]);
    }
}
