using DevLoop.Core.Errors;
using DevLoop.Targets.Docker;
using DevLoop.Targets.Kubernetes;
using DevLoop.Targets.Local;

namespace DevLoop.Targets.Providers;

/// <summary>The transports DevLoop knows, by their DevLoopTarget name.</summary>
public static class TargetProviders
{
    private static readonly ITargetProvider[] Known = { new LocalProvider(), new DockerProvider(), new KubernetesProvider() };

    public static IEnumerable<string> Names => Known.Select(p => p.Name);

    /// <summary>The provider named (case and surrounding spaces ignored), or null.</summary>
    public static ITargetProvider? Find(string name) =>
        Known.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    public static ITargetProvider Get(string name) =>
        Find(name) ?? throw new DevLoopException(ErrorCodes.UnknownTarget, $"DevLoopTarget '{name}' is not a known target. Use one of: {string.Join(", ", Names)}.");
}
