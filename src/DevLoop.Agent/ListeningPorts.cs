using System.Globalization;

namespace DevLoop.Agent;

/// <summary>
/// The TCP ports a process listens on, read from /proc without any help from the app: the LISTEN
/// entries of /proc/net/tcp and tcp6 whose socket inode is among the process's open descriptors.
/// Generic on purpose: no ASP.NET reference, any server that listens counts.
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

        var ports = new SortedSet<int>();
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
                if (fields.Length > 9 && fields[3] == ListenState && inodes.Contains(fields[9]))
                {
                    ports.Add(int.Parse(fields[1][(fields[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
        }

        return ports;
    }

    private static HashSet<string>? SocketInodes(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/fd"))
            {
                // "socket:[12345]"; a descriptor closed while listing has no target.
                var target = new FileInfo(fd).LinkTarget;
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
