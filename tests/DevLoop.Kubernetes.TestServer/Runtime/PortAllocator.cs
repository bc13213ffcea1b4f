using System.Net;
using System.Net.Sockets;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// Gives each pod its own free loopback port: all pods share the host network, so two apps on 8080
/// would collide. A port stays taken until its pod is gone.
/// </summary>
public sealed class PortAllocator
{
    private readonly HashSet<int> _taken = new();

    public int Take()
    {
        lock (_taken)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (_taken.Add(port))
                {
                    return port;
                }
            }
        }
    }

    public void Release(int port)
    {
        lock (_taken)
        {
            _taken.Remove(port);
        }
    }
}
