namespace DevLoop.Kubernetes.Target;

/// <summary>The DevLoop* properties of the kubernetes target, as the user set them.</summary>
/// <param name="Kubeconfig">An explicit kubeconfig file; otherwise KUBECONFIG, then ~/.kube/config.</param>
/// <param name="Selector">A label selector (app=web,tier!=db).</param>
/// <param name="Workload">kind/name, e.g. deployment/orders, whose selector is used.</param>
/// <param name="Container">The container in the pod; required when the pod has several.</param>
/// <param name="ReadyTimeout">How long to wait for a ready pod before giving up.</param>
public sealed record KubernetesSettings(
    string? Kubeconfig,
    string? Context,
    string? Namespace,
    string? Selector,
    string? Workload,
    string? Container,
    string? AllowedContexts,
    string AppDir,
    TimeSpan ReadyTimeout);
