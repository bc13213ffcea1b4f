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
        if (Find(pod, requested) is { } found)
        {
            return found;
        }

        var names = pod.Spec?.Containers?.Select(c => c.Name).ToList() ?? new List<string>();
        throw !string.IsNullOrWhiteSpace(requested) || names.Count == 0
            ? new DevLoopException(ErrorCodes.ContainerNotInPod, names.Count == 0
                ? $"Pod '{pod.Name}' lists no containers."
                : $"Pod '{pod.Name}' has no container '{requested}'. Its containers: {string.Join(", ", names)}. Set DevLoopContainer to one of them.")
            : new DevLoopException(ErrorCodes.ContainerNameMissing, $"Pod '{pod.Name}' has {names.Count} containers ({string.Join(", ", names)}); set DevLoopContainer to the one that runs the app.");
    }
}
