using System.Buffers.Binary;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace DevLoop.Kubernetes.TestServer.PortForward;

/// <summary>
/// Port-forward over the channel WebSocket protocol (v4.channel.k8s.io), as the kubelet serves it: port i
/// of the ports query uses data channel 2i and error channel 2i+1, each opened with the port as a
/// little-endian uint16; one TCP connection per port for the life of the WebSocket.
/// </summary>
internal static class ChannelPortForwarding
{
    public static async Task RunAsync(WebSocket socket, PodPorts pod, IReadOnlyList<int> ports, CancellationToken cancellationToken)
    {
        var sending = new SemaphoreSlim(1, 1);
        async Task SendAsync(int channel, ReadOnlyMemory<byte> data)
        {
            var message = new byte[data.Length + 1];
            message[0] = (byte)channel;
            data.CopyTo(message.AsMemory(1));
            await sending.WaitAsync(cancellationToken);
            try
            {
                await socket.SendAsync(message, WebSocketMessageType.Binary, true, cancellationToken);
            }
            finally
            {
                sending.Release();
            }
        }

        var connections = new Socket?[ports.Count];
        try
        {
            for (var i = 0; i < ports.Count; i++)
            {
                var port = new byte[2];
                BinaryPrimitives.WriteUInt16LittleEndian(port, (ushort)ports[i]);
                await SendAsync(2 * i, port);
                await SendAsync((2 * i) + 1, port);
            }

            var fromPods = new List<Task>();
            for (var i = 0; i < ports.Count; i++)
            {
                var (connection, error) = await pod.ConnectAsync(ports[i], cancellationToken);
                connections[i] = connection;
                if (connection is null)
                {
                    await SendAsync((2 * i) + 1, Encoding.UTF8.GetBytes(error!));
                    continue;
                }

                var channel = 2 * i;
                fromPods.Add(Task.Run(async () =>
                {
                    var buffer = new byte[32 * 1024];
                    int read;
                    while ((read = await connection.ReceiveAsync(buffer, cancellationToken)) > 0)
                    {
                        await SendAsync(channel, buffer.AsMemory(0, read));
                    }
                }, CancellationToken.None));
            }

            // The connection ends when every pod side has ended, or the client closes the WebSocket.
            var fromClient = ToPodsAsync(socket, connections, cancellationToken);
            await Task.WhenAny(Task.WhenAll(fromPods), fromClient);
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or WebSocketException or ObjectDisposedException)
        {
            // The client went away.
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection?.Dispose();
            }
        }
    }

    private static async Task ToPodsAsync(WebSocket socket, Socket?[] connections, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var payload = message.ToArray();
            message.SetLength(0);
            if (payload.Length > 1 && payload[0] % 2 == 0 && payload[0] / 2 < connections.Length && connections[payload[0] / 2] is { } connection)
            {
                await connection.SendAsync(payload.AsMemory(1), cancellationToken);
            }
        }
    }
}
