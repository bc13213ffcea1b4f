using DevLoop.Core.Errors;

namespace DevLoop.Docker;

/// <summary>Finds the container a user named and checks it can be synced into.</summary>
public static class DockerContainerResolver
{
    public static async Task<ContainerInspect> ResolveRunningAsync(DockerApiClient client, string? nameOrId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(nameOrId))
        {
            throw new DevLoopException(ErrorCodes.ContainerNameMissing, "DevLoopTarget is 'docker' but no container is named. Set DevLoopContainer to the container's name or id (for example -p:DevLoopContainer=web), or DevLoopComposeService to a Compose service's name to sync all its containers.");
        }

        var container = await client.FindContainerAsync(nameOrId, cancellationToken).ConfigureAwait(false)
            ?? throw new DevLoopException(ErrorCodes.ContainerNotFound, $"No Docker container is named '{nameOrId}' on {client.Endpoint.Description}. Check the name with 'docker ps' and set DevLoopContainer.");
        if (!container.State.Running)
        {
            throw new DevLoopException(ErrorCodes.ContainerNotRunning, $"The container '{nameOrId}' is not running ({container.State.Status}). Start it (docker start {nameOrId}) and sync again.");
        }

        return container;
    }
}
