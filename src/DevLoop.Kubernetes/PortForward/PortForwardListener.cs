using System.Net;
using System.Net.Sockets;
using DevLoop.Core.Errors;

namespace DevLoop.Kubernetes.PortForward;

/// <summary>
/// A loopback port on this machine (127.0.0.1, and ::1 where the machine has IPv6) whose every accepted
/// connection is handed on to be forwarded. Never bound to another address: only this machine reaches it.
/// </summary>
public sealed class PortForwardListener : IDisposable
{
    private readonly List<Socket> _sockets;

    private PortForwardListener(int port, List<Socket> sockets)
    {
        Port = port;
        _sockets = sockets;
    }

    public int Port { get; }

    /// <summary>Binds now, so a port in use is a coded error before anything is forwarded.</summary>
    public static PortForwardListener Bind(PortForwardSpec forward)
    {
        var sockets = new List<Socket> { Listen(IPAddress.Loopback, forward) };
        if (Socket.OSSupportsIPv6)
        {
            try
            {
                sockets.Add(Listen(IPAddress.IPv6Loopback, forward));
            }
            catch (DevLoopException)
            {
                // As kubectl: IPv4 is enough when ::1 is taken by someone else or missing.
            }
        }

        return new PortForwardListener(forward.LocalPort, sockets);
    }

    /// <summary>Until cancelled: each accepted connection, to be forwarded (and disposed) by the handler.</summary>
    public Task AcceptAsync(Func<Socket, Task> handle, CancellationToken cancellationToken) =>
        Task.WhenAll(_sockets.Select(socket => AcceptOnAsync(socket, handle, cancellationToken)));

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
    }

    private static Socket Listen(IPAddress address, PortForwardSpec forward)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            socket.Bind(new IPEndPoint(address, forward.LocalPort));
            socket.Listen(64);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw e.SocketErrorCode == SocketError.AddressAlreadyInUse
                ? new DevLoopException(ErrorCodes.LocalPortInUse, $"Cannot forward {Display(address, forward.LocalPort)} to the pod's port {forward.ContainerPort}: another program listens on {forward.LocalPort} here. Choose another local port (DevLoopPortForward={forward.LocalPort + 1}:{forward.ContainerPort}), or stop what listens there ('ss -ltnp' on Linux, 'lsof -i :{forward.LocalPort}' on macOS).", e)
                : new DevLoopException(ErrorCodes.PortForwardFailed, $"Cannot listen on {Display(address, forward.LocalPort)} to forward it to the pod's port {forward.ContainerPort}: {e.Message}.", e);
        }
    }

    private static string Display(IPAddress address, int port) => new IPEndPoint(address, port).ToString();

    private static async Task AcceptOnAsync(Socket listener, Func<Socket, Task> handle, CancellationToken cancellationToken)
    {
        var handlers = new List<Task>();
        try
        {
            while (true)
            {
                var accepted = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
                accepted.NoDelay = true;
                handlers.RemoveAll(h => h.IsCompleted);
                handlers.Add(Task.Run(() => handle(accepted), CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // watch is stopping.
        }
        finally
        {
            await Task.WhenAll(handlers).ConfigureAwait(false);
        }
    }
}
