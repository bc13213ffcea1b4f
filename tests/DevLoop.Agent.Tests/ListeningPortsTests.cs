using System.Net;
using System.Net.Sockets;

namespace DevLoop.Agent.Tests;

public sealed class ListeningPortsTests
{
    [Fact]
    public void The_ports_a_process_listens_on_are_found_from_proc_and_a_closed_listener_is_gone()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, port);

        var listening = ListeningPorts.Of(Environment.ProcessId);
        listener.Stop();
        var after = ListeningPorts.Of(Environment.ProcessId);

        Assert.NotNull(listening);
        Assert.Contains(port, listening!);
        // The connected client's own port is not a listening one.
        Assert.DoesNotContain(((IPEndPoint)client.Client.LocalEndPoint!).Port, listening!);
        Assert.DoesNotContain(port, after!);
    }

    [Fact]
    public void A_process_that_does_not_exist_cannot_be_read()
    {
        Assert.Null(ListeningPorts.Of(int.MaxValue));
    }
}
