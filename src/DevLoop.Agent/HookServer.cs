using System.Net.Sockets;
using System.Text;

namespace DevLoop.Agent;

/// <summary>The hook's listener: answers pings and performs restarts, on a background task.</summary>
internal static class HookServer
{
    public static void Start(AgentLayout layout, RestartContext context)
    {
        // "GUID-PID": the requester reads the process from it; older requesters compare it whole.
        var instance = Guid.NewGuid().ToString("N") + "-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        File.Delete(layout.SocketPath);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(layout.SocketPath));
        listener.Listen(8);
        _ = Task.Run(() => ServeAsync(listener, instance, context)).ContinueWith(
            t => Console.Error.WriteLine($"[devloop] The restart listener stopped: {t.Exception?.GetBaseException()}"),
            TaskContinuationOptions.OnlyOnFaulted);
    }

    private static async Task ServeAsync(Socket listener, string instance, RestartContext context)
    {
        while (true)
        {
            using var client = await listener.AcceptAsync().ConfigureAwait(false);
            client.ReceiveTimeout = 5000;
            client.SendTimeout = 5000;
            try
            {
                Serve(client, instance, context);
            }
            catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                // One broken conversation (a requester that gave up, say) must not end the listener.
                Console.Error.WriteLine($"[devloop] A restart request failed: {e.Message}");
            }
        }
    }

    private static void Serve(Socket client, string instance, RestartContext context)
    {
        var request = HookProtocol.ReadLine(client);
        if (request == "ping")
        {
            client.Send(Encoding.UTF8.GetBytes("pong " + instance + "\n"));
        }
        else if (request is not null && request.StartsWith("restart ", StringComparison.Ordinal))
        {
            var exec = ReExec.Prepare(context, request["restart ".Length..]);
            client.Send(Encoding.UTF8.GetBytes("ok " + instance + "\n"));
            client.Shutdown(SocketShutdown.Both);
            ReExec.Run(exec);
        }
    }
}
