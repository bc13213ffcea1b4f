namespace DevLoop.Core.Channels;

/// <summary>
/// Offered by transports that can restart a container while keeping its writable layer (Docker).
/// Used only for images without the agent, where restart in place is impossible.
/// </summary>
public interface IContainerRestarter
{
    Task RestartContainerAsync(CancellationToken cancellationToken);
}
