using System.Globalization;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace DevLoop.Kubernetes.TestServer.PortForward;

/// <summary>
/// pods/portforward over WebSocket: v4.channel.k8s.io (the ports in the query, as the kubelet serves it to
/// KubernetesClient and DevLoop) and SPDY/3.1+portforward.k8s.io (kubectl 1.31+: SPDY tunnelled in the WebSocket).
/// </summary>
public static class PortForwardEndpoint
{
    public const string ChannelV4 = "v4.channel.k8s.io";
    public const string SpdyTunnel = "SPDY/3.1+portforward.k8s.io";

    public static async Task HandleAsync(HttpContext context, string ns, string name, PodStore pods)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw ApiException.BadRequest("Upgrade request required");
        }

        var pod = pods.Get(ns, name) ?? throw ApiException.NotFound(ResourceType.Pods, name);
        if (PodStore.ContainerId(pod, null) is null)
        {
            throw ApiException.BadRequest($"unable to upgrade connection: pod {name} is not running");
        }

        var offered = context.WebSockets.WebSocketRequestedProtocols;
        var chosen = new[] { ChannelV4, SpdyTunnel }.FirstOrDefault(offered.Contains);
        if (chosen is null)
        {
            // The node's websocket server answers an unsupported subprotocol with an empty 403.
            context.Response.StatusCode = 403;
            return;
        }

        var ports = new List<int>();
        if (chosen == ChannelV4)
        {
            foreach (var value in context.Request.Query["ports"].SelectMany(v => v!.Split(',')))
            {
                if (!ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port == 0)
                {
                    throw ApiException.BadRequest($"invalid port \"{value}\"");
                }

                ports.Add(port);
            }

            if (ports.Count == 0)
            {
                throw ApiException.BadRequest("at least one port must be specified");
            }
        }

        WebSocket socket;
        if (chosen == SpdyTunnel)
        {
            // Kubernetes names it with a '/', which RFC 6455 does not allow in a subprotocol token and
            // ASP.NET Core refuses to send: answer it in the header directly, as the API server does.
            context.Response.Headers.SecWebSocketProtocol = chosen;
            socket = await context.WebSockets.AcceptWebSocketAsync();
        }
        else
        {
            socket = await context.WebSockets.AcceptWebSocketAsync(chosen);
        }

        using var _ = socket;
        var target = new PodPorts(pod);
        if (chosen == ChannelV4)
        {
            await ChannelPortForwarding.RunAsync(socket, target, ports, context.RequestAborted);
            return;
        }

        await using var spdy = new SpdyPortForwarding(new WebSocketByteStream(socket), target);
        try
        {
            await spdy.RunAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or WebSocketException or InvalidDataException)
        {
            // The client went away, or sent what is not SPDY: the tunnel ends.
        }
    }
}
