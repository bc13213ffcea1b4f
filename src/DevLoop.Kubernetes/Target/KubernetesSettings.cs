using System.Globalization;
using DevLoop.Core.Errors;

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
    TimeSpan ReadyTimeout)
{
    public static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>DevLoopReadyTimeout: seconds, empty for the default.</summary>
    public static TimeSpan ParseReadyTimeout(string? seconds)
    {
        if (string.IsNullOrWhiteSpace(seconds))
        {
            return DefaultReadyTimeout;
        }

        return double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? TimeSpan.FromSeconds(value)
            : throw new DevLoopException(ErrorCodes.BadSetting, $"DevLoopReadyTimeout '{seconds}' is not a number of seconds.");
    }
}
