using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// pods/exec over WebSocket, run for real in the pod's Docker container. v5 honours the stdin close
/// message (255, 0); v4 cannot signal it, as on a real node.
/// </summary>
public static class ExecEndpoint
{
    public const string V5 = "v5.channel.k8s.io";
    public const string V4 = "v4.channel.k8s.io";

    public static async Task HandleAsync(HttpContext context, string ns, string name, PodStore pods, IList<string> protocols)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw ApiException.BadRequest("Upgrade request required");
        }

        var pod = pods.Get(ns, name) ?? throw ApiException.NotFound(ResourceType.Pods, name);
        var requested = context.Request.Query["container"].ToString();
        var containerName = requested.Length > 0 ? requested : pod.Path("spec").Items("containers").FirstOrDefault()?.Str("name");
        if (PodStore.ContainerId(pod, containerName) is not { } container)
        {
            throw ApiException.BadRequest($"unable to upgrade connection: container not found (\"{containerName}\")");
        }

        var offered = context.WebSockets.WebSocketRequestedProtocols;
        var chosen = protocols.FirstOrDefault(p => offered.Contains(p));
        if (chosen is null)
        {
            // The node's websocket server answers an unsupported subprotocol with an empty 403.
            context.Response.StatusCode = 403;
            return;
        }

        var command = context.Request.Query["command"].Select(c => c!).ToList();
        var withStdin = QueryFlag.IsSet(context.Request.Query, "stdin");
        EngineExec exec;
        try
        {
            exec = await EngineExec.CreateAsync(container, command, context.RequestAborted);
        }
        catch (Docker.DotNet.DockerApiException)
        {
            // Gone or not running (a crashed container): the node refuses before the upgrade, as for a missing one.
            throw ApiException.BadRequest($"unable to upgrade connection: container not found (\"{containerName}\")");
        }

        await using var running = exec;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(chosen);
        var send = new SemaphoreSlim(1, 1);
        await SendAsync(socket, send, 1, ReadOnlyMemory<byte>.Empty);
        try
        {
            await exec.StartAsync(context.RequestAborted);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The runtime failed to start it: the node says so on the error channel.
            await SendAsync(socket, send, 3, JsonSerializer.SerializeToUtf8Bytes(RuntimeFailure(e.Message)));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            return;
        }

        var output = exec.PumpOutputAsync((channel, data) => SendAsync(socket, send, channel, data), context.RequestAborted);
        var stdinPump = PumpStdinAsync(socket, exec, withStdin, chosen == V5);
        int exitCode;
        try
        {
            await output;
            exitCode = await exec.ExitCodeAsync(context.RequestAborted);
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested && e is WebSocketException or OperationCanceledException or IOException)
        {
            // The client is gone (the command goes on as it would on a node until its stdin ends it): there is nobody to send the output or the status to.
            return;
        }

        var errorText = exitCode is 126 or 127 ? "executable file not found in $PATH" : null;
        await SendAsync(socket, send, 3, JsonSerializer.SerializeToUtf8Bytes(StatusFor(exitCode, errorText)));
        // Aborting here could lose the status frame before it is flushed; older API servers drop the
        // connection after it instead, which this server does not model yet.
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

        await Task.WhenAny(stdinPump, Task.Delay(1000));
    }

    private static JsonObject RuntimeFailure(string why) => new()
    {
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = $"Internal error occurred: error executing command in container: {why}",
        ["reason"] = "InternalError",
        ["code"] = 500,
    };

    private static JsonObject StatusFor(int exitCode, string? notFound) => exitCode switch
    {
        0 => new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Success" },
        _ when notFound is not null => RuntimeFailure(notFound + ": unknown"),
        _ => new JsonObject
        {
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = $"command terminated with non-zero exit code: error executing command, exit code {exitCode}",
            ["reason"] = "NonZeroExitCode",
            ["details"] = new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) }) },
        },
    };

    private static async Task PumpStdinAsync(WebSocket socket, EngineExec exec, bool withStdin, bool v5)
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var payload = message.ToArray();
                message.SetLength(0);
                if (payload.Length >= 1 && payload[0] == 0 && withStdin)
                {
                    await exec.WriteInputAsync(payload.AsMemory(1), CancellationToken.None);
                }
                else if (v5 && payload.Length == 2 && payload[0] == 255 && payload[1] == 0)
                {
                    exec.CloseInput();
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The client went away or the command ended first: nothing more to forward.
        }
    }

    private static async Task SendAsync(WebSocket socket, SemaphoreSlim send, byte channel, ReadOnlyMemory<byte> data)
    {
        var frame = new byte[data.Length + 1];
        frame[0] = channel;
        data.CopyTo(frame.AsMemory(1));
        await send.WaitAsync();
        try
        {
            await socket.SendAsync(frame, WebSocketMessageType.Binary, true, CancellationToken.None);
        }
        finally
        {
            send.Release();
        }
    }
}
