using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Api;

namespace DevLoop.Kubernetes.Target;

/// <summary>The container of a pod DevLoop syncs into: DevLoopContainer, or the only one.</summary>
public static class ContainerChoice
{
    /// <summary>The container, or null when the pod lacks the requested one or has several and none was named.</summary>
    public static string? Find(Pod pod, string? requested)
    {
        var names = pod.Spec?.Containers?.Select(c => c.Name).ToList() ?? new List<string>();
        return !string.IsNullOrWhiteSpace(requested)
            ? names.FirstOrDefault(n => n == requested.Trim())
            : names.Count == 1 ? names[0] : null;
    }

    public static string For(Pod pod, string? requested)
    {
        var names = pod.Spec?.Containers?.Select(c => c.Name).ToList() ?? new List<string>();
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return names.Contains(requested.Trim())
                ? requested.Trim()
                : throw new DevLoopException(KubernetesTargetErrors.ContainerNotInPod, $"Pod '{pod.Name}' has no container '{requested}'. Its containers: {string.Join(", ", names)}. Set DevLoopContainer to one of them.");
        }

        return names.Count switch
        {
            1 => names[0],
            0 => throw new DevLoopException(KubernetesTargetErrors.ContainerNotInPod, $"Pod '{pod.Name}' lists no containers."),
            _ => throw new DevLoopException(KubernetesTargetErrors.ContainerNameMissing, $"Pod '{pod.Name}' has {names.Count} containers ({string.Join(", ", names)}); set DevLoopContainer to the one that runs the app."),
        };
    }
}
