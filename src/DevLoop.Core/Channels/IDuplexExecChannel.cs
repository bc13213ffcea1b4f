namespace DevLoop.Core.Channels;

/// <summary>
/// Offered by transports that can keep one command running in the target with its stdin and stdout
/// open for as long as the caller wants (the agent session). Channels without it get one exec per
/// request instead.
/// </summary>
public interface IDuplexExecChannel
{
    /// <summary>Starts the command; returns once its streams are connected.</summary>
    Task<IDuplexExec> StartDuplexAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken);
}
