using Docker.DotNet.Models;

namespace DevLoop.Docker;

/// <summary>What DevLoop reads of a container: the library's inspect answer, with its nullable parts settled once here.</summary>
public sealed record ContainerInspect(string Id, string Name, ContainerInspect.ContainerState State, ContainerInspect.ContainerConfig Config)
{
    internal static ContainerInspect From(ContainerInspectResponse response) => new(
        response.ID,
        response.Name,
        new ContainerState(response.State?.Running ?? false, response.State?.Status, response.State?.StartedAt, (int)(response.State?.ExitCode ?? 0)),
        new ContainerConfig(response.Config?.User, response.Config?.WorkingDir, response.Config?.Image));

    public sealed record ContainerState(bool Running, string? Status, string? StartedAt, int ExitCode);

    public sealed record ContainerConfig(string? User, string? WorkingDir, string? Image);
}
