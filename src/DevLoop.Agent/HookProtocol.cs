using System.Net.Sockets;
using System.Text;

namespace DevLoop.Agent;

/// <summary>
/// The line protocol between the applier and the hook inside the app, on a Unix socket in the
/// state folder: "ping" → "pong INSTANCE", "restart ROOT" → "ok INSTANCE" (then the app re-execs),
/// "delta LENGTH" and LENGTH bytes of a <see cref="HotReload.ModuleDelta"/> → "ok applied|pending ENTRY UPDATES",
/// "refused WHY" or "failed WHY". INSTANCE is "GUID-PID" (the PID is the same after a re-exec);
/// older hooks send the GUID alone.
/// </summary>
internal static class HookProtocol
{
    public static string? Exchange(string socketPath, string request, TimeSpan timeout) =>
        Exchange(socketPath, timeout, Encoding.UTF8.GetBytes(request + "\n"));

    /// <summary>Sends one delta to the hook and returns its answer; null when no hook listens.</summary>
    public static string? SendDelta(string socketPath, HotReload.ModuleDelta delta, TimeSpan timeout)
    {
        var bytes = delta.ToBytes();
        return Exchange(socketPath, timeout, Encoding.UTF8.GetBytes("delta " + bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"), bytes);
    }

    /// <summary>Sends the parts in order and reads one line back.</summary>
    private static string? Exchange(string socketPath, TimeSpan timeout, params byte[][] parts)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        socket.SendTimeout = (int)timeout.TotalMilliseconds;
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            foreach (var part in parts)
            {
                socket.Send(part);
            }
        }
        catch (SocketException)
        {
            // No listener (the app is not running, or is between exec and its hook starting), or it went away before reading.
            return null;
        }

        return ReadLine(socket);
    }

    /// <summary>Exactly <paramref name="length"/> bytes, or null when the peer stopped sending first.</summary>
    public static byte[]? ReadExactly(Socket socket, int length)
    {
        var bytes = new byte[length];
        try
        {
            for (var read = 0; read < length;)
            {
                var count = socket.Receive(bytes, read, length - read, SocketFlags.None);
                if (count == 0)
                {
                    return null;
                }

                read += count;
            }
        }
        catch (SocketException)
        {
            return null;
        }

        return bytes;
    }

    /// <summary>Longer than any request or answer by far; a peer that sends more without a line end is cut off.</summary>
    public const int MaxLine = 64 * 1024;

    /// <summary>One line (without its line end), or null when the peer stopped first or sent more than <see cref="MaxLine"/> bytes.</summary>
    public static string? ReadLine(Socket socket)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        try
        {
            while (buffer.Count < MaxLine && socket.Receive(one) == 1)
            {
                if (one[0] == (byte)'\n')
                {
                    return Encoding.UTF8.GetString(buffer.ToArray());
                }

                buffer.Add(one[0]);
            }
        }
        catch (SocketException)
        {
            return null;
        }

        return null;
    }
}
