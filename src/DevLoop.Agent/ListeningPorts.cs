using System.Globalization;

namespace DevLoop.Agent;

/// <summary>
/// The TCP ports a process listens on, read from the kernel without any help from the app: the TCP
/// listeners (from sock_diag, or /proc/net/tcp and tcp6 where netlink is not allowed) whose socket
/// inode is among the process's open descriptors. Generic on purpose: no ASP.NET reference, any
/// server that listens counts.
/// </summary>
internal static class ListeningPorts
{
    private const string ListenState = "0A";

    /// <summary>The ports, or null when they cannot be read (no /proc, another user's process, the process is gone).</summary>
    public static SortedSet<int>? Of(int pid)
    {
        var inodes = SocketInodes(pid);
        if (inodes is null)
        {
            return null;
        }

        return new SortedSet<int>(Listeners().Where(l => inodes.Contains(l.Inode)).Select(l => l.Port));
    }

    /// <summary>
    /// Whether the process listens on every one of <paramref name="ports"/>; null when that cannot be
    /// read (the process is gone). Polled while an app starts, so it reads only the socket tables
    /// until each port has a listener, and only then the process's descriptors.
    /// </summary>
    public static bool? ListensOnAll(int pid, IReadOnlySet<int> ports)
    {
        var listeners = Listeners().Where(l => ports.Contains(l.Port)).ToList();
        if (!ports.All(p => listeners.Any(l => l.Port == p)))
        {
            return Directory.Exists(ProcDir(pid)) ? false : null;
        }

        var inodes = SocketInodes(pid);
        return inodes is null ? null : ports.All(p => listeners.Any(l => l.Port == p && inodes.Contains(l.Inode)));
    }

    private static IEnumerable<(int Port, string Inode)> Listeners() => SockDiag.Listeners() ?? ProcNetListeners();

    /// <summary>The same from the text tables in /proc/net, which cost far more kernel time to read.</summary>
    internal static IEnumerable<(int Port, string Inode)> ProcNetListeners()
    {
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[3] == ListenState)
                {
                    yield return (int.Parse(fields[1][(fields[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture), fields[9]);
                }
            }
        }
    }

    private static string ProcDir(int pid) => "/proc/" + pid.ToString(CultureInfo.InvariantCulture);

    private static HashSet<string>? SocketInodes(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries(ProcDir(pid) + "/fd"))
            {
                // "socket:[12345]"; a descriptor closed while listing has no target.
                var target = Native.ReadLink(fd);
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target[8..^1]);
                }
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or DirectoryNotFoundException or IOException)
        {
            // Not ours to read, or no such process: the caller cannot tell, and does not wait.
            return null;
        }

        return inodes;
    }
}
