using DevLoop.Cli.Building;
using DevLoop.Kubernetes.Target;

namespace DevLoop.Cli.Kubernetes;

/// <summary>The kubernetes target's settings from a project's evaluated properties, the same ones DeployDev gets.</summary>
internal static class KubernetesProjectSettings
{
    public static KubernetesSettings From(ProjectProperties properties)
    {
        return new KubernetesSettings(
            Optional(properties.Get("DevLoopKubeconfig")),
            Optional(properties.Get("DevLoopContext")),
            Optional(properties.Get("DevLoopNamespace")),
            Optional(properties.Get("DevLoopSelector")),
            Optional(properties.Get("DevLoopWorkload")),
            Optional(properties.Get("DevLoopContainer")),
            Optional(properties.Get("DevLoopAllowedContexts")),
            properties.Get("DevLoopAppDir") is { Length: > 0 } appDir ? appDir : "/app",
            KubernetesSettings.ParseReadyTimeout(properties.Get("DevLoopReadyTimeout")));
    }

    private static string? Optional(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
