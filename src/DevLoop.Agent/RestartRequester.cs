using System.Diagnostics;
using System.Globalization;

namespace DevLoop.Agent;

/// <summary>
/// Asks the hook in the running app to re-exec, waits until the new process's hook answers, then
/// until the new process listens again on every TCP port the old one listened on: the restart is
/// over when the new code serves, not when its runtime has started.
/// </summary>
internal static class RestartRequester
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public sealed record Result(string Outcome, long Milliseconds, int[]? Listening);

    public static Result Request(AgentLayout layout, string newRoot) => Request(layout, newRoot, Timeout);

    public static Result Request(AgentLayout layout, string newRoot, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        if (!File.Exists(layout.SocketPath))
        {
            return new Result("no-app", 0, null);
        }

        // The hook names its process (same PID after the re-exec); older hooks do not, and are not waited for.
        var before = HookProtocol.Exchange(layout.SocketPath, "ping", TimeSpan.FromSeconds(5));
        var pid = before is null ? null : PidOf(before);
        var ports = pid is null ? null : ListeningPorts.Of(pid.Value);

        var answer = HookProtocol.Exchange(layout.SocketPath, "restart " + newRoot, TimeSpan.FromSeconds(5));
        if (answer is null || !answer.StartsWith("ok ", StringComparison.Ordinal))
        {
            return new Result("no-app", 0, null);
        }

        var oldInstance = answer[3..];
        while (watch.Elapsed < timeout)
        {
            var pong = HookProtocol.Exchange(layout.SocketPath, "ping", TimeSpan.FromSeconds(2));
            if (pong is not null && pong.StartsWith("pong ", StringComparison.Ordinal) && pong[5..] != oldInstance)
            {
                return ports is { Count: > 0 } && pid is not null
                    ? WaitUntilListening(pid.Value, ports, watch, timeout)
                    : new Result("done", watch.ElapsedMilliseconds, null);
            }

            Thread.Sleep(15);
        }

        throw new AgentException(ErrorCodes.AppNotRestarted, $"The app was asked to restart but did not come back within {timeout.TotalSeconds:F0} s. The files were updated; look at the app's output for a startup failure.");
    }

    /// <summary>"not-serving" when the new process has not listened on all the old ports by the timeout (or has gone).</summary>
    private static Result WaitUntilListening(int pid, SortedSet<int> ports, Stopwatch watch, TimeSpan timeout)
    {
        var listening = ports.ToArray();
        while (watch.Elapsed < timeout)
        {
            switch (ListeningPorts.ListensOnAll(pid, ports))
            {
                case null:
                    return new Result("not-serving", watch.ElapsedMilliseconds, listening);
                case true:
                    return new Result("done", watch.ElapsedMilliseconds, listening);
            }

            Thread.Sleep(15);
        }

        return new Result("not-serving", watch.ElapsedMilliseconds, listening);
    }

    /// <summary>The PID in "pong GUID-PID"; null from a hook that does not say.</summary>
    private static int? PidOf(string pong)
    {
        var dash = pong.LastIndexOf('-');
        return pong.StartsWith("pong ", StringComparison.Ordinal) && dash > 0
            && int.TryParse(pong.AsSpan(dash + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }
}
