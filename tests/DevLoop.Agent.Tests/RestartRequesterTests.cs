using System.Net;
using System.Net.Sockets;
using System.Text;
using DevLoop.Testing;

namespace DevLoop.Agent.Tests;

/// <summary>
/// The requester against a stand-in hook on the real socket: this test process plays the app, whose
/// "re-exec" closes its listening socket and (or not) listens again on the same port.
/// </summary>
public sealed class RestartRequesterTests : IDisposable
{
    private readonly TempDirectory _app = new();
    private readonly AgentLayout _layout;

    public RestartRequesterTests()
    {
        _layout = AgentLayout.TryCreate(_app.Path)!;
    }

    public void Dispose()
    {
        _app.Dispose();
        Directory.Delete(_layout.StateDir, recursive: true);
    }

    [Fact]
    public void A_restart_returns_once_the_new_process_listens_again_on_the_old_port()
    {
        var app = new TcpListener(IPAddress.Loopback, 0);
        app.Start();
        var port = ((IPEndPoint)app.LocalEndpoint).Port;
        var relistened = new ManualResetEventSlim();
        using var hook = FakeHook.Start(_layout.SocketPath, onRestart: () =>
        {
            app.Stop();
            // The new process answers its hook before it listens; the requester must wait for the listener.
            new Thread(() =>
            {
                Thread.Sleep(300);
                app = new TcpListener(IPAddress.Loopback, port);
                app.Start();
                relistened.Set();
            }) { IsBackground = true }.Start();
        });

        var result = RestartRequester.Request(_layout, _app.Path, TimeSpan.FromSeconds(30));

        Assert.Equal("done", result.Outcome);
        Assert.Equal(new[] { port }, result.Listening);
        // Returned only once the port listens again.
        Assert.Contains(port, ListeningPorts.Of(Environment.ProcessId)!);
        relistened.Wait(TimeSpan.FromSeconds(10));
        app.Stop();
    }

    [Fact]
    public void A_process_that_does_not_listen_again_is_reported_not_serving()
    {
        var app = new TcpListener(IPAddress.Loopback, 0);
        app.Start();
        var port = ((IPEndPoint)app.LocalEndpoint).Port;
        using var hook = FakeHook.Start(_layout.SocketPath, onRestart: app.Stop);

        var result = RestartRequester.Request(_layout, _app.Path, TimeSpan.FromSeconds(2));

        Assert.Equal("not-serving", result.Outcome);
        Assert.Equal(new[] { port }, result.Listening);
    }

    /// <summary>Answers ping with "pong ID-PID" (this process) and restart with "ok", then is a new instance.</summary>
    private sealed class FakeHook : IDisposable
    {
        private readonly Socket _listener;
        private string _instance = "a-" + Environment.ProcessId;

        private FakeHook(Socket listener)
        {
            _listener = listener;
        }

        public static FakeHook Start(string path, Action onRestart)
        {
            File.Delete(path);
            var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(8);
            var hook = new FakeHook(listener);
            new Thread(() => hook.Serve(onRestart)) { IsBackground = true }.Start();
            return hook;
        }

        public void Dispose() => _listener.Dispose();

        private void Serve(Action onRestart)
        {
            while (true)
            {
                Socket client;
                try
                {
                    client = _listener.Accept();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return; // The test is over.
                }

                using (client)
                {
                    var request = HookProtocol.ReadLine(client);
                    if (request == "ping")
                    {
                        client.Send(Encoding.UTF8.GetBytes("pong " + _instance + "\n"));
                    }
                    else if (request?.StartsWith("restart ", StringComparison.Ordinal) == true)
                    {
                        client.Send(Encoding.UTF8.GetBytes("ok " + _instance + "\n"));
                        client.Shutdown(SocketShutdown.Both);
                        _instance = "b-" + Environment.ProcessId;
                        onRestart();
                    }
                }
            }
        }
    }
}
