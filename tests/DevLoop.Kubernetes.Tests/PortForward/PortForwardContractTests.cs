using System.Net.Sockets;
using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Http;
using DevLoop.Kubernetes.PortForward;
using DevLoop.Kubernetes.Tests.TestServer;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.PortForward;

/// <summary>
/// pods/portforward against the API test server, whose pods are real containers: DevLoop's client
/// (v4.channel.k8s.io) and the real kubectl (SPDY/3.1 tunnelled in a WebSocket) reach the same app.
/// </summary>
[Collection(TestServerCollection.Name)]
public sealed class PortForwardContractTests : IAsyncLifetime
{
    private const string Ns = "dev";
    private readonly WebAppImage _image;
    private readonly TempDirectory _dir = new("devloop-portforward");
    private KubeApiServer _server = null!;
    private string _pod = string.Empty;

    public PortForwardContractTests(WebAppImage image)
    {
        _image = image;
    }

    public async Task InitializeAsync()
    {
        _server = await KubeApiServer.StartAsync();
        await _server.CreateDeploymentAsync(Ns, "web", 1, _image.Image, command: new[] { "dotnet", "SampleWeb.dll" }, readinessPath: "/");
        _pod = (await _server.WaitForReadyPodsAsync(Ns, new Dictionary<string, string> { ["app"] = "web" }, 1))[0]["metadata"]!["name"]!.GetValue<string>();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private KubePortForwardClient Client()
    {
        var context = TestContexts.CertificateUser(_server, _dir);
        return new KubePortForwardClient(KubeHttpClientFactory.CreateHandler(context), KubeHttpClientFactory.BaseAddress(context));
    }

    /// <summary>Forwards every connection to the local port through the client, keeping what the node said went wrong.</summary>
    private static (PortForwardListener Listener, Task Accepting, List<string> Refusals) Forward(KubePortForwardClient client, string pod, PortForwardSpec forward, CancellationToken stop)
    {
        var listener = PortForwardListener.Bind(forward);
        var refusals = new List<string>();
        var accepting = listener.AcceptAsync(async socket =>
        {
            using (socket)
            {
                if (await client.ForwardAsync(socket, Ns, pod, forward.ContainerPort, stop) is { } refused)
                {
                    lock (refusals)
                    {
                        refusals.Add(refused);
                    }
                }
            }
        }, stop);
        return (listener, accepting, refusals);
    }

    [Fact]
    public async Task Each_connection_to_the_local_port_reaches_the_pods_container_port_on_IPv4_and_IPv6()
    {
        using var stop = new CancellationTokenSource();
        var local = FreePort.Next();
        var (listener, accepting, refusals) = Forward(Client(), _pod, new PortForwardSpec(local, 8080), stop.Token);
        using (listener)
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(WebAppImage.Message, await Testing.Http.GetAsync($"http://127.0.0.1:{local}/"));
            }

            if (Socket.OSSupportsIPv6)
            {
                Assert.Equal("1", await Testing.Http.GetAsync($"http://[::1]:{local}/pid"));
            }

            await stop.CancelAsync();
            await accepting;
        }

        Assert.Empty(refusals);
    }

    [Fact]
    public async Task A_port_nothing_listens_on_in_the_pod_comes_back_as_the_nodes_error()
    {
        // Port 1: not declared by the pod, and nothing on this machine listens there.
        using var stop = new CancellationTokenSource();
        var local = FreePort.Next();
        var (listener, accepting, refusals) = Forward(Client(), _pod, new PortForwardSpec(local, 1), stop.Token);
        using (listener)
        {
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => Testing.Http.GetAsync($"http://127.0.0.1:{local}/"));
            await stop.CancelAsync();
            await accepting;
        }

        Assert.Contains(refusals, r => r.Contains("error forwarding port 1 to pod " + _pod, StringComparison.Ordinal) && r.Contains("connection refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_create_on_pods_portforward_it_is_a_coded_403_that_names_the_permission()
    {
        _server.Users.Deny("dev", "create", "pods/portforward");
        using var client = new TcpClient();
        var local = FreePort.Next();
        using var listener = PortForwardListener.Bind(new PortForwardSpec(local, 8080));
        DevLoopException? error = null;
        using var stop = new CancellationTokenSource();
        var accepting = listener.AcceptAsync(async socket =>
        {
            using (socket)
            {
                error = await Assert.ThrowsAsync<DevLoopException>(() => Client().ForwardAsync(socket, Ns, _pod, 8080, stop.Token));
            }
        }, stop.Token);

        await client.ConnectAsync("127.0.0.1", local);
        for (var i = 0; i < 100 && error is null; i++)
        {
            await Task.Delay(100);
        }

        await stop.CancelAsync();
        await accepting;
        Assert.Equal(ErrorCodes.ApiForbidden, error!.Code);
        Assert.Contains("'get' and 'create' on 'pods/portforward'", error.Message);
    }

    [Fact]
    public void A_local_port_in_use_is_a_coded_error_that_names_the_fix()
    {
        var local = FreePort.Next();
        using var taken = new TcpListener(System.Net.IPAddress.Loopback, local);
        taken.Start();

        var error = Assert.Throws<DevLoopException>(() => PortForwardListener.Bind(new PortForwardSpec(local, 8080)));

        Assert.Equal(ErrorCodes.LocalPortInUse, error.Code);
        Assert.Contains($"DevLoopPortForward={local + 1}:8080", error.Message);
    }

    [Fact]
    public async Task The_real_kubectl_port_forward_reaches_the_pod_over_its_WebSocket_tunnel()
    {
        var kubectl = new Kubectl(_server.WriteKubeconfig(_dir.Combine("kubeconfig")), _dir.Combine("home"));
        var local = FreePort.Next();
        using var forward = kubectl.StartBackground("port-forward", "-n", Ns, "pod/" + _pod, $"{local}:8080", "-v=6");
        await forward.WaitForOutputAsync(o => o.Contains($"Forwarding from 127.0.0.1:{local} -> 8080", StringComparison.Ordinal), TimeSpan.FromSeconds(20));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(WebAppImage.Message, await Testing.Http.GetAsync($"http://127.0.0.1:{local}/"));
        }

        // It chose the WebSocket first (kubectl 1.31+) and did not fall back to SPDY over a POST upgrade.
        await forward.WaitForOutputAsync(o => o.Contains("portforward 101 Switching Protocols", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("fallback to secondary dialer", forward.Output);
    }
}
