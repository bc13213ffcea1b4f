using Docker.DotNet.Models;

namespace DevLoop.Docker;

/// <summary>What DevLoop reads of a container: the library's inspect (or list) answer, with its nullable parts settled once here.</summary>
public sealed record ContainerInspect(string Id, string Name, ContainerInspect.ContainerState State, ContainerInspect.ContainerConfig Config)
{
    internal static ContainerInspect From(ContainerInspectResponse response) => new(
        response.ID,
        response.Name,
        new ContainerState(response.State?.Running ?? false, response.State?.Status, response.State?.StartedAt, (int)(response.State?.ExitCode ?? 0)),
        new ContainerConfig(response.Config?.User, response.Config?.WorkingDir, response.Config?.Image));

    /// <summary>From the container list, whose answer is small: no start time or exit code apart (the status text has the exit code).</summary>
    internal static ContainerInspect From(ContainerListResponse response) => new(
        response.ID,
        response.Names?.FirstOrDefault() ?? response.ID,
        new ContainerState(response.State == "running", response.Status ?? response.State, null, 0),
        new ContainerConfig(null, null, response.Image));

    /// <param name="Status">"exited" from inspect, "Exited (137) 5 seconds ago" from the list.</param>
    public sealed record ContainerState(bool Running, string? Status, string? StartedAt, int ExitCode);

    public sealed record ContainerConfig(string? User, string? WorkingDir, string? Image);
}
