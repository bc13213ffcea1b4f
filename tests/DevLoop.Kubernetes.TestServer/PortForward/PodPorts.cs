using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer.PortForward;

/// <summary>
/// Where a pod's port is on this machine. Pods share the host network, each with its own loopback port
/// (see <see cref="PortAllocator"/>), so a port its containers declare reaches that one, as probes do,
/// unless the container chose its own listening address: then, like any port not declared, the port
/// is what it says (and usually nothing listens there).
/// </summary>
internal sealed class PodPorts
{
    private readonly JsonObject _pod;

    public PodPorts(JsonObject pod)
    {
        _pod = pod;
    }

    public string PodName => _pod.Path("metadata").Str("name") ?? string.Empty;

    public int HostPortFor(int port)
    {
        var containers = _pod.Path("spec").Items("containers").ToList();
        var declared = containers.SelectMany(c => c.Items("ports")).Any(p => p.Int("containerPort") == port);
        if (!declared || containers.Any(ContainerLaunch.ListensOnOwnPort))
        {
            return port;
        }

        return int.TryParse(_pod.Path("metadata.annotations").Str(PodStore.PortAnnotation), NumberStyles.None, CultureInfo.InvariantCulture, out var own) ? own : port;
    }

    /// <summary>A connection to the port, or the message a node writes on the error stream when there is none.</summary>
    public async Task<(Socket? Socket, string? Error)> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, HostPortFor(port)), cancellationToken);
            return (socket, null);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            return (null, $"error forwarding port {port} to pod {PodName}, uid : failed to execute portforward in network namespace: failed to connect to localhost:{port} inside namespace: dial tcp4 127.0.0.1:{port}: connect: {e.Message.ToLowerInvariant()}");
        }
    }
}
