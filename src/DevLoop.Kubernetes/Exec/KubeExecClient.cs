using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Api;

namespace DevLoop.Kubernetes.Exec;

/// <summary>
/// Runs a command in a pod's container over the exec WebSocket: offers v5.channel.k8s.io and then
/// v4.channel.k8s.io in one header, frames stdin on channel 0, reads stdout (1), stderr (2) and the
/// Status (3). Only v5 can signal the end of stdin, so callers bound their input on v4.
/// </summary>
public sealed class KubeExecClient
{
    public const string V5 = "v5.channel.k8s.io";
    public const string V4 = "v4.channel.k8s.io";

    private readonly HttpMessageInvoker _invoker;
    private readonly Uri _server;

    public KubeExecClient(HttpMessageHandler handler, Uri server)
    {
        _invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        _server = server;
    }

    /// <summary>The subprotocol the last exec negotiated.</summary>
    public string? NegotiatedProtocol { get; private set; }

    public async Task<ExecResult> RunAsync(string ns, string pod, string? container, IReadOnlyList<string> argv, Stream? stdin, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(ns, pod, container, argv, stdin is not null, cancellationToken).ConfigureAwait(false);
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var reading = ReceiveAsync(socket, stdout, stderr, cancellationToken);
        Exception? sendFailed = null;
        if (stdin is not null)
        {
            try
            {
                await SendStdinAsync(socket, stdin, socket.SubProtocol == V5, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // (An aborted socket fails the send as canceled, with the reset inside.)
                // The stream broke under the input. If the command had ended first, its status came before the break.
                sendFailed = e;
            }
        }

        var status = await reading.ConfigureAwait(false);
        if (status is null)
        {
            // v4 and v5 always end with a status: without one, how the command ended is not known.
            throw ExecStreamCut.Error($"the exec stream to the API server at {_server.Authority}", $"pod '{pod}' in namespace '{ns}'", sendFailed);
        }

        if (socket.State == WebSocketState.Open || socket.State == WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
        }

        return ExitStatus.ToResult(status, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    /// <summary>Starts the command with stdin, stdout and stderr held open (the agent session).</summary>
    public async Task<IDuplexExec> StartDuplexAsync(string ns, string pod, string? container, IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        var socket = await ConnectAsync(ns, pod, container, argv, withStdin: true, cancellationToken).ConfigureAwait(false);
        return new KubeDuplexExec(socket, socket.SubProtocol == V5);
    }

    private async Task<ClientWebSocket> ConnectAsync(string ns, string pod, string? container, IReadOnlyList<string> argv, bool withStdin, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(V5);
        socket.Options.AddSubProtocol(V4);
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(5);
        try
        {
            await socket.ConnectAsync(ExecUri(ns, pod, container, argv, withStdin), _invoker, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException e)
        {
            var failure = HandshakeFailure(socket, ns, pod, e);
            socket.Dispose();
            throw failure;
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        NegotiatedProtocol = socket.SubProtocol;
        return socket;
    }

    private Uri ExecUri(string ns, string pod, string? container, IReadOnlyList<string> argv, bool withStdin)
    {
        var query = new StringBuilder();
        foreach (var arg in argv)
        {
            query.Append("command=").Append(Uri.EscapeDataString(arg)).Append('&');
        }

        if (!string.IsNullOrEmpty(container))
        {
            query.Append("container=").Append(Uri.EscapeDataString(container)).Append('&');
        }

        query.Append("stdin=").Append(withStdin ? "true" : "false").Append("&stdout=true&stderr=true&tty=false");
        var http = new Uri(_server, $"api/v1/namespaces/{Uri.EscapeDataString(ns)}/pods/{Uri.EscapeDataString(pod)}/exec?{query}");
        var builder = new UriBuilder(http) { Scheme = http.Scheme == "https" ? "wss" : "ws" };
        return builder.Uri;
    }

    private static async Task SendStdinAsync(ClientWebSocket socket, Stream stdin, bool canClose, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024 + 1];
        int read;
        while ((read = await stdin.ReadAsync(buffer.AsMemory(1, buffer.Length - 1), cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer[0] = 0;
            await socket.SendAsync(buffer.AsMemory(0, read + 1), WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
        }

        if (canClose)
        {
            await socket.SendAsync(new byte[] { 255, 0 }, WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads messages until the Status arrives on channel 3 (or the server ends the stream).</summary>
    private static async Task<KubeStatus?> ReceiveAsync(ClientWebSocket socket, MemoryStream stdout, MemoryStream stderr, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException && socket.State != WebSocketState.Open && !cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var payload = message.ToArray();
            message.SetLength(0);
            if (payload.Length < 2)
            {
                continue; // The empty first message, or an empty write.
            }

            switch (payload[0])
            {
                case 1: stdout.Write(payload, 1, payload.Length - 1); break;
                case 2: stderr.Write(payload, 1, payload.Length - 1); break;
                case 3: return JsonSerializer.Deserialize(payload.AsSpan(1), KubeJsonContext.Default.KubeStatus);
            }
        }
    }

    private static DevLoopException HandshakeFailure(ClientWebSocket socket, string ns, string pod, WebSocketException e)
    {
        var code = (int)socket.HttpStatusCode;
        return code switch
        {
            401 => new DevLoopException(ErrorCodes.ApiUnauthorized, "The API server rejected the credentials for exec (401). Log in again or refresh the credentials."),
            403 => new DevLoopException(ErrorCodes.ApiForbidden, $"Not allowed to exec into pod '{pod}' in namespace '{ns}' (403). DevLoop needs 'get' and 'create' on 'pods/exec'; an empty 403 can also mean the server accepted neither {V5} nor {V4}."),
            404 => new DevLoopException(ErrorCodes.ApiRejected, $"Pod '{pod}' was not found in namespace '{ns}' when starting exec (404)."),
            400 => new DevLoopException(ErrorCodes.ApiRejected, $"The API server refused exec into pod '{pod}' in namespace '{ns}' (400): usually its container is not running (starting, crashed or restarting). See 'kubectl describe pod {pod} -n {ns}'."),
            0 => new DevLoopException(ErrorCodes.ApiServerUnreachable, $"Cannot reach the API server for exec: {e.GetBaseException().Message}", e),
            _ => new DevLoopException(ErrorCodes.ApiRejected, $"The API server refused exec into pod '{pod}' in namespace '{ns}' ({code})."),
        };
    }
}
