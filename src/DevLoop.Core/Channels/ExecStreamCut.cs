using DevLoop.Core.Errors;

namespace DevLoop.Core.Channels;

/// <summary>
/// The error for a command whose connection broke before DevLoop heard how it ended, the same for
/// every transport. What the command did is not known, but the agent's apply swaps files in only once
/// it has the whole payload, and marks itself unfinished until the last is in place: the target holds
/// one version, and the next sync reads it again.
/// </summary>
public static class ExecStreamCut
{
    /// <param name="connection">What broke, e.g. "the connection to the Docker engine at unix:///var/run/docker.sock".</param>
    /// <param name="target">Where the command ran, e.g. "container 3f2a9c1b0d4e".</param>
    public static DevLoopException Error(string connection, string target, Exception? cause = null) => new(
        ErrorCodes.ExecStreamCut,
        $"{char.ToUpperInvariant(connection[0])}{connection[1..]} broke while a command ran in {target}, before DevLoop heard how it ended; what it did is not known. "
        + "A sync by the DevLoop agent swaps files in only once it has them all and is read again by the next sync, so the target holds the old version or the new one. "
        + "Check the connection (a VPN, an SSH tunnel, a proxy or load balancer that drops long streams) and sync again.",
        cause);
}
