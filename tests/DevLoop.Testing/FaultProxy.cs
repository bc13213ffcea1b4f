using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace DevLoop.Testing;

/// <summary>When an armed fault fires on a connection: in the middle of the upload, or once it is all sent and the answer is held back.</summary>
public enum FaultMoment
{
    /// <summary>When the connection has sent this many bytes; nothing more goes through until the action is done.</summary>
    MidTransfer,

    /// <summary>When the connection, past this many bytes, has sent everything and waits: the target has it all, its answer is held.</summary>
    AfterUpload,
}

/// <summary>What the proxy does when the fault fires: run the action, then cut that connection, or every connection and every later one (a killed tool).</summary>
public enum FaultCut
{
    None,
    ThisConnection,
    Everything,
}

/// <summary>
/// A TCP proxy in front of the Docker engine's socket or the Kubernetes API server, so faults land
/// at a known point of a real transfer: the one connection that carries the payload (the only one
/// past the threshold) is held there while the action runs (docker kill, a pod deleted), then cut
/// or let on. A cut is a reset, as a dead process or a broken network leaves it.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<Socket>> _connectUpstream;
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Connection, bool> _connections = new();
    private readonly Task _accepting;
    private Armed? _armed;
    private volatile bool _refusing;

    private FaultProxy(Func<CancellationToken, Task<Socket>> connectUpstream)
    {
        _connectUpstream = connectUpstream;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(64);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public static FaultProxy ToUnixSocket(string path) => new(async ct =>
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
        return socket;
    });

    public static FaultProxy ToTcp(int port) => new(async ct =>
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
        return socket;
    });

    /// <summary>Arms one fault; the task ends when it has fired and its action is done.</summary>
    public Task Arm(long afterUpstreamBytes, FaultMoment moment, FaultCut cut, Func<Task>? action = null)
    {
        var armed = new Armed(afterUpstreamBytes, moment, cut, action ?? (() => Task.CompletedTask));
        _armed = armed;
        return armed.Fired.Task;
    }

    /// <summary>Lets connections through again after a fault that cut everything.</summary>
    public void Reopen() => _refusing = false;

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        foreach (var connection in _connections.Keys)
        {
            connection.Abort();
        }

        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The listener was closed to stop accepting.
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (SocketException) when (!_stop.IsCancellationRequested)
            {
                // One failed accept (the peer gave up first) does not end the proxy.
                continue;
            }

            if (_refusing)
            {
                Reset(client);
                continue;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        client.NoDelay = true;
        Socket upstream;
        try
        {
            upstream = await _connectUpstream(_stop.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            Reset(client);
            return;
        }

        var connection = new Connection(client, upstream);
        _connections[connection] = true;
        if (_refusing)
        {
            // Accepted while a fault cut everything: it goes too.
            connection.Abort();
        }
        try
        {
            await Task.WhenAll(UploadAsync(connection), DownloadAsync(connection));
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            connection.Abort();
        }
    }

    private async Task UploadAsync(Connection connection)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await connection.Client.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    connection.UploadEnded = true;
                    connection.Upstream.Shutdown(SocketShutdown.Send);
                    await WatchForIdleAsync(connection);
                    return;
                }

                var armed = _armed;
                if (armed is not null && armed.Moment == FaultMoment.MidTransfer && connection.Sent + read >= armed.After && armed.Take())
                {
                    var before = (int)Math.Max(0, armed.After - connection.Sent);
                    await connection.Upstream.SendAsync(buffer.AsMemory(0, before), SocketFlags.None);
                    connection.Sent += before;
                    await FireAsync(armed, connection);
                    if (connection.IsCut)
                    {
                        return;
                    }

                    await connection.Upstream.SendAsync(buffer.AsMemory(before, read - before), SocketFlags.None);
                    connection.Sent += read - before;
                    continue;
                }

                // Past the threshold the answer is held from before the chunk goes up, so none slips through.
                var holds = armed is not null && armed.Moment == FaultMoment.AfterUpload && connection.Sent + read >= armed.After && armed.Take();
                if (holds)
                {
                    connection.Holding = armed;
                }

                await connection.Upstream.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                connection.Sent += read;
                connection.LastSent = Environment.TickCount64;
                if (holds)
                {
                    _ = WatchForIdleAsync(connection);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            connection.Abort();
        }
    }

    /// <summary>
    /// After the threshold: once the client has half-closed its upload (Docker's end of stdin), or has
    /// sent nothing more for a while (a session, which keeps its stream open), the fault fires.
    /// </summary>
    private async Task WatchForIdleAsync(Connection connection)
    {
        var armed = connection.Holding;
        if (armed is null || armed.Fired.Task.IsCompleted || !connection.StartIdleWatch())
        {
            return;
        }

        while (!connection.UploadEnded && Environment.TickCount64 - connection.LastSent < 500 && !connection.IsCut)
        {
            await Task.Delay(20);
        }

        await FireAsync(armed, connection);
    }

    private async Task FireAsync(Armed armed, Connection connection)
    {
        if (!armed.Begin())
        {
            return;
        }

        try
        {
            await armed.Action();
            switch (armed.Cut)
            {
                case FaultCut.ThisConnection:
                    connection.Abort();
                    break;
                case FaultCut.Everything:
                    _refusing = true;
                    foreach (var each in _connections.Keys)
                    {
                        each.Abort();
                    }

                    break;
            }

            connection.Holding = null;
            connection.Release.TrySetResult();
            armed.Fired.TrySetResult();
        }
        catch (Exception e)
        {
            connection.Release.TrySetResult();
            armed.Fired.TrySetException(e);
        }
    }

    private static async Task DownloadAsync(Connection connection)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await connection.Upstream.ReceiveAsync(buffer, SocketFlags.None);
                if (connection.Holding is not null)
                {
                    await connection.Release.Task;
                }

                if (connection.IsCut)
                {
                    return;
                }

                if (read == 0)
                {
                    connection.Client.Shutdown(SocketShutdown.Send);
                    return;
                }

                await connection.Client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            connection.Abort();
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
            // Already gone: nothing to reset.
        }

        socket.Dispose();
    }

    private sealed class Armed
    {
        private int _taken;
        private int _begun;

        public Armed(long after, FaultMoment moment, FaultCut cut, Func<Task> action)
        {
            After = after;
            Moment = moment;
            Cut = cut;
            Action = action;
        }

        public long After { get; }

        public FaultMoment Moment { get; }

        public FaultCut Cut { get; }

        public Func<Task> Action { get; }

        public TaskCompletionSource Fired { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The first connection past the threshold takes the fault; no other does.</summary>
        public bool Take() => Interlocked.Exchange(ref _taken, 1) == 0;

        public bool Begin() => Interlocked.Exchange(ref _begun, 1) == 0;
    }

    private sealed class Connection
    {
        private int _cut;
        private Armed? _holding;

        public Connection(Socket client, Socket upstream)
        {
            Client = client;
            Upstream = upstream;
        }

        public Socket Client { get; }

        public Socket Upstream { get; }

        public long Sent { get; set; }

        public long LastSent { get; set; } = Environment.TickCount64;

        /// <summary>The fault whose moment this connection has reached: its answer waits until the fault has fired.</summary>
        public Armed? Holding
        {
            get => Volatile.Read(ref _holding);
            set => Volatile.Write(ref _holding, value);
        }

        private int _idleWatched;
        private int _uploadEnded;

        /// <summary>The client half-closed its side: everything it had to send is sent.</summary>
        public bool UploadEnded
        {
            get => Volatile.Read(ref _uploadEnded) == 1;
            set => Volatile.Write(ref _uploadEnded, value ? 1 : 0);
        }

        /// <summary>True for the first caller only.</summary>
        public bool StartIdleWatch() => Interlocked.Exchange(ref _idleWatched, 1) == 0;

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsCut => Volatile.Read(ref _cut) == 1;

        public void Abort()
        {
            if (Interlocked.Exchange(ref _cut, 1) == 1)
            {
                return;
            }

            Reset(Client);
            Reset(Upstream);
            Release.TrySetResult();
        }
    }
}
