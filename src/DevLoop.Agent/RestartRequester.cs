using System.Diagnostics;

namespace DevLoop.Agent;

/// <summary>Asks the hook in the running app to re-exec, and waits until the new process's hook answers.</summary>
internal static class RestartRequester
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static (string Outcome, long Milliseconds) Request(AgentLayout layout, string newRoot)
    {
        var watch = Stopwatch.StartNew();
        if (!File.Exists(layout.SocketPath))
        {
            return ("no-app", 0);
        }

        var answer = HookProtocol.Exchange(layout.SocketPath, "restart " + newRoot, TimeSpan.FromSeconds(5));
        if (answer is null || !answer.StartsWith("ok ", StringComparison.Ordinal))
        {
            return ("no-app", 0);
        }

        var oldInstance = answer[3..];
        while (watch.Elapsed < Timeout)
        {
            var pong = HookProtocol.Exchange(layout.SocketPath, "ping", TimeSpan.FromSeconds(2));
            if (pong is not null && pong.StartsWith("pong ", StringComparison.Ordinal) && pong[5..] != oldInstance)
            {
                return ("done", watch.ElapsedMilliseconds);
            }

            Thread.Sleep(15);
        }

        throw new AgentException("DL1010", $"The app was asked to restart but did not come back within {Timeout.TotalSeconds:F0} s. The files were updated; look at the app's output for a startup failure.");
    }
}
