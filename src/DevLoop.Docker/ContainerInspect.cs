using Docker.DotNet.Models;

namespace DevLoop.Docker;

/// <summary>What DevLoop reads of a container: the library's inspect (or list) answer, with its nullable parts settled once here.</summary>
public sealed record ContainerInspect(string Id, string Name, ContainerInspect.ContainerState State, ContainerInspect.ContainerConfig Config)
{
    internal static ContainerInspect From(ContainerInspectResponse response) => new(
        response.ID,
        response.Name,
        new ContainerState(response.State?.Running ?? false, response.State?.Status, response.State?.StartedAt, (int)(response.State?.ExitCode ?? 0), response.State?.Health?.Status),
        new ContainerConfig(response.Config?.User, response.Config?.WorkingDir, response.Config?.Image, LabelsOf(response.Config?.Labels)));

    /// <summary>From the container list, whose answer is small: no start time or exit code apart (the status text has the exit code).</summary>
    internal static ContainerInspect From(ContainerListResponse response) => new(
        response.ID,
        response.Names?.FirstOrDefault() ?? response.ID,
        new ContainerState(response.State == "running", response.Status ?? response.State, null, 0, HealthOf(response.Status)),
        new ContainerConfig(null, null, response.Image, LabelsOf(response.Labels)));

    /// <summary>The name without the leading '/' the engine gives it.</summary>
    public string ShortName => Name.TrimStart('/');

    private static IReadOnlyDictionary<string, string> LabelsOf(IDictionary<string, string>? labels) =>
        labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(labels, StringComparer.Ordinal);

    /// <summary>The list's status text ends "(healthy)", "(unhealthy)" or "(health: starting)" when the container has a health check.</summary>
    private static string? HealthOf(string? status) =>
        status is null ? null
        : status.EndsWith("(healthy)", StringComparison.Ordinal) ? "healthy"
        : status.EndsWith("(unhealthy)", StringComparison.Ordinal) ? "unhealthy"
        : status.EndsWith("(health: starting)", StringComparison.Ordinal) ? "starting"
        : null;

    /// <param name="Status">"exited" from inspect, "Exited (137) 5 seconds ago" from the list.</param>
    /// <param name="Health">"starting", "healthy" or "unhealthy" for a container with a health check; else null.</param>
    public sealed record ContainerState(bool Running, string? Status, string? StartedAt, int ExitCode, string? Health = null)
    {
        /// <summary>Running, and healthy when it has a health check: what Compose's depends_on waits for.</summary>
        public bool Ready => Running && Health is null or "healthy";
    }

    /// <param name="Labels">The container's labels (Compose's com.docker.compose.* among them).</param>
    public sealed record ContainerConfig(string? User, string? WorkingDir, string? Image, IReadOnlyDictionary<string, string> Labels);
}
