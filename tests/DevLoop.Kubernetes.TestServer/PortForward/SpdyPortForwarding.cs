using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace DevLoop.Kubernetes.TestServer.PortForward;

/// <summary>
/// Port-forward as a node serves it over SPDY/3.1 (kubelet's httpstream handler): the client opens an
/// error stream and a data stream per connection, paired by their requestID header and naming the port;
/// each is answered with a SYN_REPLY; the data stream carries the connection, and when the pod's side
/// ends both streams are closed (FIN). kubectl 1.31+ tunnels this in a WebSocket
/// (SPDY/3.1+portforward.k8s.io). No flow control: Go's spdystream, kubectl's, has none either.
/// </summary>
internal sealed class SpdyPortForwarding : IAsyncDisposable
{
    private const int Version = 3;
    private const byte Fin = 0x01;
    private const ushort SynStream = 1;
    private const ushort SynReply = 2;
    private const ushort RstStream = 3;
    private const ushort Ping = 6;
    private const ushort GoAway = 7;

    private readonly Stream _connection;
    private readonly PodPorts _pod;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly SpdyHeaderEncoder _encoder = new();
    private readonly SpdyHeaderDecoder _decoder = new();
    private readonly Dictionary<string, (uint? Error, uint? Data, int Port)> _pairs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<uint, Channel<byte[]?>> _fromClient = new();
    private readonly ConcurrentDictionary<uint, Task> _forwards = new();
    private readonly CancellationTokenSource _closing = new();

    public SpdyPortForwarding(Stream connection, PodPorts pod)
    {
        _connection = connection;
        _pod = pod;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var header = new byte[8];
        while (await ReadFullyAsync(header, cancellationToken))
        {
            var first = BinaryPrimitives.ReadUInt32BigEndian(header);
            var second = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
            var flags = (byte)(second >> 24);
            var body = new byte[second & 0xFFFFFF];
            if (!await ReadFullyAsync(body, cancellationToken))
            {
                return;
            }

            if ((first & 0x80000000) == 0)
            {
                await OnDataAsync(first & 0x7FFFFFFF, flags, body);
                continue;
            }

            switch ((ushort)(first & 0xFFFF))
            {
                case SynStream:
                    await OnSynStreamAsync(body, flags, cancellationToken);
                    break;
                case RstStream:
                    Reset(BinaryPrimitives.ReadUInt32BigEndian(body) & 0x7FFFFFFF);
                    break;
                case Ping:
                    await SendControlAsync(Ping, 0, body, cancellationToken);
                    break;
                case GoAway:
                    return;
                default:
                    // SETTINGS, WINDOW_UPDATE, HEADERS: nothing a port-forward needs.
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        foreach (var channel in _fromClient.Values)
        {
            channel.Writer.TryComplete();
        }

        await Task.WhenAll(_forwards.Values.Select(t => t.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)));
        _decoder.Dispose();
        _closing.Dispose();
    }

    private async Task OnSynStreamAsync(byte[] body, byte flags, CancellationToken cancellationToken)
    {
        var streamId = BinaryPrimitives.ReadUInt32BigEndian(body) & 0x7FFFFFFF;
        var headers = _decoder.Decode(body[10..]).ToDictionary(h => h.Name, h => h.Value, StringComparer.Ordinal);
        var channel = Channel.CreateUnbounded<byte[]?>();
        if ((flags & Fin) != 0)
        {
            channel.Writer.TryWrite(null);
        }

        _fromClient[streamId] = channel;
        var reply = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(reply, streamId);
        await SendControlAsync(SynReply, 0, reply.Concat(_encoder.Encode(Array.Empty<(string, string)>())).ToArray(), cancellationToken);

        var requestId = headers.GetValueOrDefault("requestid") ?? string.Empty;
        _ = int.TryParse(headers.GetValueOrDefault("port"), out var port);
        var pair = _pairs.GetValueOrDefault(requestId, (null, null, port));
        pair = headers.GetValueOrDefault("streamtype") == "error" ? pair with { Error = streamId } : pair with { Data = streamId };
        _pairs[requestId] = pair;
        if (pair is { Error: { } error, Data: { } data })
        {
            _pairs.Remove(requestId);
            var fromClient = _fromClient[data].Reader;
            _forwards[data] = Task.Run(() => ForwardAsync(error, data, fromClient, pair.Port, _closing.Token), CancellationToken.None);
        }
    }

    private async Task ForwardAsync(uint errorStream, uint dataStream, ChannelReader<byte[]?> fromClient, int port, CancellationToken cancellationToken)
    {
        try
        {
            var (socket, error) = await _pod.ConnectAsync(port, cancellationToken);
            if (socket is null)
            {
                await SendDataAsync(errorStream, Encoding.UTF8.GetBytes(error!), 0, cancellationToken);
                await SendDataAsync(dataStream, Array.Empty<byte>(), Fin, cancellationToken);
                await SendDataAsync(errorStream, Array.Empty<byte>(), Fin, cancellationToken);
                return;
            }

            using (socket)
            {
                var toPod = ToPodAsync(socket, fromClient, cancellationToken);
                var buffer = new byte[32 * 1024];
                int read;
                while ((read = await socket.ReceiveAsync(buffer, cancellationToken)) > 0)
                {
                    await SendDataAsync(dataStream, buffer.AsSpan(0, read).ToArray(), 0, cancellationToken);
                }

                await SendDataAsync(dataStream, Array.Empty<byte>(), Fin, cancellationToken);
                await SendDataAsync(errorStream, Array.Empty<byte>(), Fin, cancellationToken);
                if (_fromClient.TryRemove(dataStream, out var channel))
                {
                    channel.Writer.TryComplete();
                }

                await toPod;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The client or the tunnel went away: the connection to the pod goes with it.
        }
    }

    private static async Task ToPodAsync(Socket socket, ChannelReader<byte[]?> fromClient, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var chunk in fromClient.ReadAllAsync(cancellationToken))
            {
                if (chunk is null)
                {
                    socket.Shutdown(SocketShutdown.Send);
                    return;
                }

                await socket.SendAsync(chunk, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The pod's side closed first.
        }
    }

    private Task OnDataAsync(uint streamId, byte flags, byte[] data)
    {
        if (_fromClient.TryGetValue(streamId, out var channel))
        {
            if (data.Length > 0)
            {
                channel.Writer.TryWrite(data);
            }

            if ((flags & Fin) != 0)
            {
                channel.Writer.TryWrite(null);
            }
        }

        return Task.CompletedTask;
    }

    private void Reset(uint streamId)
    {
        if (_fromClient.TryRemove(streamId, out var channel))
        {
            channel.Writer.TryComplete();
        }
    }

    private async Task SendControlAsync(ushort type, byte flags, byte[] body, CancellationToken cancellationToken)
    {
        var frame = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, 0x80000000u | (Version << 16) | type);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), ((uint)flags << 24) | (uint)body.Length);
        body.CopyTo(frame, 8);
        await SendAsync(frame, cancellationToken);
    }

    private async Task SendDataAsync(uint streamId, byte[] data, byte flags, CancellationToken cancellationToken)
    {
        var frame = new byte[8 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, streamId & 0x7FFFFFFF);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), ((uint)flags << 24) | (uint)data.Length);
        data.CopyTo(frame, 8);
        await SendAsync(frame, cancellationToken);
    }

    private async Task SendAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await _connection.WriteAsync(frame, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task<bool> ReadFullyAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await _connection.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                return false;
            }

            total += read;
        }

        return true;
    }
}
