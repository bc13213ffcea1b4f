using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DevLoop.Agent;

/// <summary>
/// The TCP sockets in LISTEN state, from the kernel's sock_diag netlink interface (what `ss -lt`
/// uses). Asking for listeners only walks the kernel's table of listening sockets, where reading
/// /proc/net/tcp walks every bucket of the table of established ones: measured here, 3 ms of kernel
/// CPU per read on a machine with much memory, which made polling an app's restart the agent's
/// biggest cost.
/// </summary>
internal static unsafe class SockDiag
{
    private const int AfNetlink = 16;
    private const int SockDgram = 2;
    private const int SockCloexec = 0x80000;
    private const int NetlinkSockDiag = 4;
    private const ushort SockDiagByFamily = 20;
    private const ushort NlmFRequestDump = 0x1 | 0x300;
    private const ushort NlmsgError = 2;
    private const ushort NlmsgDone = 3;
    private const byte IpProtoTcp = 6;
    private const uint ListenStates = 1u << 10;
    private const int HeaderSize = 16;
    private const int RequestSize = HeaderSize + 56;

    static SockDiag()
    {
        // Native registers the resolver that finds libc (glibc or musl) for this assembly.
        RuntimeHelpers.RunClassConstructor(typeof(Native).TypeHandle);
    }

    /// <summary>(port, socket inode) of every TCP listener, IPv4 and IPv6; null when the kernel does not answer this way (no netlink here).</summary>
    public static List<(int Port, string Inode)>? Listeners()
    {
        var fd = socket(AfNetlink, SockDgram | SockCloexec, NetlinkSockDiag);
        if (fd < 0)
        {
            return null;
        }

        try
        {
            var listeners = new List<(int Port, string Inode)>();
            var buffer = new byte[32768];
            return Dump(fd, 2, buffer, listeners) && Dump(fd, 10, buffer, listeners) ? listeners : null;
        }
        finally
        {
            close(fd);
        }
    }

    private static bool Dump(int fd, byte family, byte[] buffer, List<(int Port, string Inode)> listeners)
    {
        var request = stackalloc byte[RequestSize];
        var span = new Span<byte>(request, RequestSize);
        span.Clear();
        // nlmsghdr (host byte order), then inet_diag_req_v2 with a zero socket id: every listener of the family.
        MemoryMarshal.Write(span, (uint)RequestSize);
        MemoryMarshal.Write(span[4..], SockDiagByFamily);
        MemoryMarshal.Write(span[6..], NlmFRequestDump);
        MemoryMarshal.Write(span[8..], 1u);
        span[HeaderSize] = family;
        span[HeaderSize + 1] = IpProtoTcp;
        MemoryMarshal.Write(span[(HeaderSize + 4)..], ListenStates);

        var kernel = stackalloc byte[12];
        new Span<byte>(kernel, 12).Clear();
        MemoryMarshal.Write(new Span<byte>(kernel, 12), (ushort)AfNetlink);
        if (sendto(fd, request, RequestSize, 0, kernel, 12) != RequestSize)
        {
            return false;
        }

        while (true)
        {
            nint received;
            fixed (byte* b = buffer)
            {
                received = recv(fd, b, buffer.Length, 0);
            }

            if (received <= 0)
            {
                return false;
            }

            for (var offset = 0; offset + HeaderSize <= received;)
            {
                var length = (int)MemoryMarshal.Read<uint>(buffer.AsSpan(offset));
                var type = MemoryMarshal.Read<ushort>(buffer.AsSpan(offset + 4));
                if (length < HeaderSize || offset + length > received || type == NlmsgError)
                {
                    return false;
                }

                if (type == NlmsgDone)
                {
                    return true;
                }

                if (type == SockDiagByFamily && length >= HeaderSize + 72)
                {
                    // inet_diag_msg: the source port (network order) at 4, the inode at 68.
                    var message = buffer.AsSpan(offset + HeaderSize);
                    var port = (message[4] << 8) | message[5];
                    listeners.Add((port, MemoryMarshal.Read<uint>(message[68..]).ToString(CultureInfo.InvariantCulture)));
                }

                offset += (length + 3) & ~3;
            }
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int socket(int domain, int type, int protocol);

    [DllImport("libc", SetLastError = true)]
    private static extern nint sendto(int fd, byte* buffer, nint length, int flags, byte* address, int addressLength);

    [DllImport("libc", SetLastError = true)]
    private static extern nint recv(int fd, byte* buffer, nint length, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
