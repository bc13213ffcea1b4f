namespace DevLoop.Core.Channels;

/// <summary>
/// Offered by transports that mark a target as changed by DevLoop (Kubernetes pods get annotations),
/// so nothing is ever changed without saying so. Called before the first change is sent to the target.
/// </summary>
public interface IChangeRecorder
{
    Task RecordChangeAsync(CancellationToken cancellationToken);
}
