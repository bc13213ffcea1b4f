using System.Runtime.InteropServices;

namespace DevLoop.Targets.Local;

public static class Signals
{
    private const int SIGTERM = 15;

    /// <summary>Asks a process to stop the way Ctrl+C or `docker stop` would; false where there are no signals.</summary>
    public static bool Terminate(int pid) => !OperatingSystem.IsWindows() && kill(pid, SIGTERM) == 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
