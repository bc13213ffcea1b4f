using System.Buffers.Binary;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using DevLoop.Core.Errors;

namespace DevLoop.Kubernetes.PortForward;

/// <summary>
/// One forwarded TCP connection through the API server's pods/portforward subresource over WebSocket
/// (v4.channel.k8s.io): data on channel 0, the node's errors on channel 1, each opened by the port as a
/// little-endian uint16. A WebSocket has no half-close, so one carries exactly one connection.
/// </summary>
public sealed class KubePortForwardClient
{
    public const string V4 = "v4.channel.k8s.io";

    /// <summary>
    /// After the local side ends, how long the pod's answer may still come: v4 cannot tell the pod the
    /// client left, so without a limit a closed browser connection would hold its WebSocket until the app's idle timeout.
    /// </summary>
    private static readonly TimeSpan HalfCloseGrace = TimeSpan.FromSeconds(5);

    private readonly HttpMessageInvoker _invoker;
    private readonly Uri _server;

    public KubePortForwardClient(HttpMessageHandler handler, Uri server)
    {
        _invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        _server = server;
    }

    /// <summary>Forwards the accepted connection to the pod's port until either side ends it.</summary>
    /// <returns>What the node said went wrong (nothing listens on the port, for example), or null.</returns>
    public async Task<string?> ForwardAsync(Socket local, string ns, string pod, int port, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(ns, pod, port, cancellationToken).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var errors = new StringBuilder();
        var fromPod = FromPodAsync(socket, local, errors, stop.Token);
        var toPod = ToPodAsync(local, socket, stop.Token);
        // The pod's side ending ends the connection. The local side ending (its client closed or half-closed
        // the connection) leaves the answer to come back; a failure of either side stops both.
        var first = await Task.WhenAny(fromPod, toPod).ConfigureAwait(false);
        if (first == toPod && toPod.IsCompletedSuccessfully)
        {
            await Task.WhenAny(fromPod, Task.Delay(HalfCloseGrace, cancellationToken)).ConfigureAwait(false);
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(Quietly(fromPod), Quietly(toPod)).ConfigureAwait(false);
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
            }
            catch (WebSocketException)
            {
                // The server dropped the connection first; nothing is left to close.
            }
        }

        return errors.Length == 0 ? null : errors.ToString();
    }

    private async Task<ClientWebSocket> ConnectAsync(string ns, string pod, int port, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(V4);
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(5);
        var http = new Uri(_server, $"api/v1/namespaces/{Uri.EscapeDataString(ns)}/pods/{Uri.EscapeDataString(pod)}/portforward?ports={port}");
        try
        {
            await socket.ConnectAsync(new UriBuilder(http) { Scheme = http.Scheme == "https" ? "wss" : "ws" }.Uri, _invoker, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch (WebSocketException e)
        {
            var code = (int)socket.HttpStatusCode;
            socket.Dispose();
            throw code switch
            {
                401 => new DevLoopException(ErrorCodes.ApiUnauthorized, "The API server rejected the credentials for port-forward (401). Log in again or refresh the credentials."),
                403 => new DevLoopException(ErrorCodes.ApiForbidden, $"Not allowed to port-forward to pod '{pod}' in namespace '{ns}' (403). DevLoop needs 'get' and 'create' on 'pods/portforward'; an empty 403 can also mean the server does not accept {V4}."),
                404 => new DevLoopException(ErrorCodes.PortForwardFailed, $"Pod '{pod}' was not found in namespace '{ns}' when forwarding a connection (404): it was just replaced; the next connection goes to a ready pod."),
                0 => new DevLoopException(ErrorCodes.ApiServerUnreachable, $"Cannot reach the API server to port-forward: {e.GetBaseException().Message}", e),
                _ => new DevLoopException(ErrorCodes.PortForwardFailed, $"The API server refused to port-forward to pod '{pod}' in namespace '{ns}' ({code}): usually the pod is not running. See 'kubectl describe pod {pod} -n {ns}'."),
            };
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task FromPodAsync(ClientWebSocket socket, Socket local, StringBuilder errors, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        var portStripped = new bool[2];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                local.Shutdown(SocketShutdown.Send);
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var payload = message.ToArray().AsMemory();
            message.SetLength(0);
            if (payload.Length == 0 || payload.Span[0] > 1)
            {
                continue;
            }

            var channel = payload.Span[0];
            payload = payload[1..];
            if (!portStripped[channel])
            {
                // The first message on each channel is the port, once.
                if (payload.Length < 2)
                {
                    continue;
                }

                portStripped[channel] = true;
                payload = payload[2..];
            }

            if (channel == 0)
            {
                await local.SendAsync(payload, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                errors.Append(Encoding.UTF8.GetString(payload.Span));
            }
        }
    }

    private static async Task ToPodAsync(Socket local, ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024 + 1];
        int read;
        while ((read = await local.ReceiveAsync(buffer.AsMemory(1), cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer[0] = 0;
            await socket.SendAsync(buffer.AsMemory(0, read + 1), WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task Quietly(Task pump)
    {
        try
        {
            await pump.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or SocketException or IOException or ObjectDisposedException)
        {
            // One side ended or broke: the other is stopped with it, which is how a forwarded connection ends.
        }
    }
}
