using DevLoop.Kubernetes.Api;

namespace DevLoop.Kubernetes.Target;

/// <summary>Which pods DevLoop works on: a label selector in a namespace, and the workload it came from if one was named.</summary>
/// <param name="Description">For messages: "deployment/orders" or "pods with app=web".</param>
public sealed record PodScope(string Namespace, string Selector, string Description, Workload? Workload)
{
    public override string ToString() => $"{Description} in namespace '{Namespace}'";

    /// <summary>How a summary names the pods after their count: "of deployment/orders in dev", "matching app=web in dev".</summary>
    public string GroupName => Workload is null ? $"matching {Selector} in {Namespace}" : $"of {Description} in {Namespace}";
}
