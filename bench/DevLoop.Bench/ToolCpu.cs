using System.Globalization;

namespace DevLoop.Bench;

/// <summary>CPU time (user + system) of processes on this machine, read from /proc, in milliseconds.</summary>
internal static class ToolCpu
{
    /// <summary>The process's own threads (not its waited-for children).</summary>
    public static double Of(int pid) => ProcessCpu.Read(pid.ToString(CultureInfo.InvariantCulture)).OwnMs;

    /// <summary>
    /// Every dotnet process whose command line contains <paramref name="marker"/> (containers' processes
    /// included), by pid. Only dotnet: the `docker exec` client that relays an exec (the test server's
    /// stand-in for a kubelet) carries the same command line but is not DevLoop's.
    /// </summary>
    public static Dictionary<int, double> OfCommandLine(string marker)
    {
        var result = new Dictionary<int, double>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (commandLine.Contains(marker, StringComparison.Ordinal) && commandLine.Split('\0')[0].EndsWith("dotnet", StringComparison.Ordinal))
                {
                    result[pid] = Of(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return result;
    }
}
