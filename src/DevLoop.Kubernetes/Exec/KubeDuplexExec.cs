using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using DevLoop.Core.Channels;
using DevLoop.Kubernetes.Api;

namespace DevLoop.Kubernetes.Exec;

/// <summary>
/// An exec WebSocket kept open (the agent session): writes to <see cref="Input"/> go out as channel-0
/// messages, <see cref="Output"/> reads channel 1 as messages arrive, channel 2 is kept for the end,
/// and the Status on channel 3 ends the output and completes the exec. Over v4 stdin cannot be
/// closed, so the command must end on its own (the agent ends at `bye`).
/// </summary>
internal sealed class KubeDuplexExec : IDuplexExec
{
    private readonly ClientWebSocket _socket;
    private readonly bool _canCloseStdin;
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly TaskCompletionSource<ExecResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _stderr = new();
    private readonly byte[] _receiveBuffer = new byte[64 * 1024];
    private byte[] _pending = Array.Empty<byte>();
    private int _offset;
    private bool _ended;

    public KubeDuplexExec(ClientWebSocket socket, bool canCloseStdin)
    {
        _socket = socket;
        _canCloseStdin = canCloseStdin;
        Input = new DelegatingStream(write: SendStdinAsync);
        Output = new DelegatingStream(read: ReadStdoutAsync);
    }

    public Stream Input { get; }

    public Stream Output { get; }

    public Task<ExecResult> Completion => _completion.Task;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_canCloseStdin && _socket.State == WebSocketState.Open)
            {
                await SendAsync(new byte[] { 255, 0 }, CancellationToken.None).ConfigureAwait(false);
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The server went away first; the socket is disposed below either way.
        }

        _socket.Dispose();
        _send.Dispose();
        _completion.TrySetCanceled();
    }

    private async ValueTask SendStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var message = new byte[data.Length + 1];
        data.CopyTo(message.AsMemory(1));
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendAsync(byte[] message, CancellationToken cancellationToken)
    {
        await _send.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException e)
        {
            throw new IOException($"The exec WebSocket broke while sending: {e.Message}", e);
        }
        finally
        {
            _send.Release();
        }
    }

    private async ValueTask<int> ReadStdoutAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (_offset == _pending.Length)
        {
            if (_ended || await ReceiveMessageAsync(cancellationToken).ConfigureAwait(false) is not { } payload)
            {
                _ended = true;
                return 0;
            }

            switch (payload[0])
            {
                case 1:
                    _pending = payload;
                    _offset = 1;
                    break;
                case 2:
                    _stderr.Append(Encoding.UTF8.GetString(payload, 1, payload.Length - 1));
                    break;
                case 3:
                    var status = JsonSerializer.Deserialize(payload.AsSpan(1), KubeJsonContext.Default.KubeStatus);
                    _completion.TrySetResult(ExitStatus.ToResult(status, string.Empty, _stderr.ToString()));
                    _ended = true;
                    return 0;
            }
        }

        var count = Math.Min(buffer.Length, _pending.Length - _offset);
        _pending.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        return count;
    }

    /// <summary>The next message with a channel byte and a payload; null when the server closed without a status.</summary>
    private async Task<byte[]?> ReceiveMessageAsync(CancellationToken cancellationToken)
    {
        var buffer = _receiveBuffer;
        var message = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException e)
            {
                _completion.TrySetException(new IOException($"The exec WebSocket broke: {e.Message}", e));
                throw new IOException($"The exec WebSocket broke while reading: {e.Message}", e);
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                _completion.TrySetResult(ExitStatus.ToResult(null, string.Empty, _stderr.ToString()));
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            if (message.Length >= 2)
            {
                return message.ToArray();
            }

            message.SetLength(0); // The empty first message, or an empty write.
        }
    }
}
