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
        var listensOnIt = ListeningPorts.ListensOnAll(Environment.ProcessId, new HashSet<int> { port });
        var listensOnClient = ListeningPorts.ListensOnAll(Environment.ProcessId, new HashSet<int> { port, ((IPEndPoint)client.Client.LocalEndPoint!).Port });
        listener.Stop();
        var after = ListeningPorts.Of(Environment.ProcessId);
        var listensAfter = ListeningPorts.ListensOnAll(Environment.ProcessId, new HashSet<int> { port });

        Assert.NotNull(listening);
        Assert.Contains(port, listening!);
        // The connected client's own port is not a listening one.
        Assert.DoesNotContain(((IPEndPoint)client.Client.LocalEndPoint!).Port, listening!);
        Assert.DoesNotContain(port, after!);
        Assert.True(listensOnIt);
        Assert.False(listensOnClient);
        Assert.False(listensAfter);
    }

    [Fact]
    public void The_kernel_lists_the_same_listener_by_netlink_as_in_proc_net()
    {
        var listener = new TcpListener(IPAddress.IPv6Any, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        try
        {
            var fromNetlink = SockDiag.Listeners();

            Assert.NotNull(fromNetlink);
            var inode = Assert.Single(fromNetlink!, l => l.Port == port).Inode;
            Assert.Equal(inode, Assert.Single(ListeningPorts.ProcNetListeners(), l => l.Port == port).Inode);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void A_process_that_does_not_exist_cannot_be_read()
    {
        Assert.Null(ListeningPorts.Of(int.MaxValue));
        Assert.Null(ListeningPorts.ListensOnAll(int.MaxValue, new HashSet<int> { 80 }));
    }
}
