using System.Net.Sockets;
using System.Text;

namespace DevLoop.Agent;

/// <summary>The hook's listener: answers pings, applies Hot Reload deltas and performs restarts, on a background task.</summary>
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
        var deltas = new HotReload.DeltaApplier();
        _ = Task.Run(() => ServeAsync(listener, instance, context, deltas)).ContinueWith(
            t => Console.Error.WriteLine($"[devloop] The restart listener stopped: {t.Exception?.GetBaseException()}"),
            TaskContinuationOptions.OnlyOnFaulted);
    }

    private static async Task ServeAsync(Socket listener, string instance, RestartContext context, HotReload.DeltaApplier deltas)
    {
        while (true)
        {
            using var client = await listener.AcceptAsync().ConfigureAwait(false);
            client.ReceiveTimeout = 5000;
            client.SendTimeout = 5000;
            try
            {
                Serve(client, instance, context, deltas);
            }
            catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                // One broken conversation (a requester that gave up, say) must not end the listener.
                Console.Error.WriteLine($"[devloop] A restart request failed: {e.Message}");
            }
        }
    }

    private static void Serve(Socket client, string instance, RestartContext context, HotReload.DeltaApplier deltas)
    {
        switch (HookRequest.Parse(HookProtocol.ReadLine(client)))
        {
            case HookRequest.Ping:
                client.Send(Encoding.UTF8.GetBytes("pong " + instance + "\n"));
                break;
            case HookRequest.Delta delta:
                client.Send(Encoding.UTF8.GetBytes(ApplyDelta(client, delta.Length, deltas) + "\n"));
                break;
            case HookRequest.Refused refused:
                client.Send(Encoding.UTF8.GetBytes("failed " + refused.Why + "\n"));
                break;
            case HookRequest.Restart restart:
                var exec = ReExec.Prepare(context, restart.Root);
                client.Send(Encoding.UTF8.GetBytes("ok " + instance + "\n"));
                client.Shutdown(SocketShutdown.Both);
                ReExec.Run(exec);
                break;
        }
    }

    /// <summary>"ok applied", "ok pending ENTRY UPDATES", "refused WHY" (this process cannot take deltas) or "failed WHY".</summary>
    private static string ApplyDelta(Socket client, int length, HotReload.DeltaApplier deltas)
    {
        var bytes = HookProtocol.ReadExactly(client, length);
        var delta = bytes is null ? null : HotReload.ModuleDelta.FromBytes(bytes);
        if (delta is null)
        {
            return "failed the delta was cut short or is not one module's delta";
        }

        if (HotReload.DeltaApplier.Unsupported() is { } why)
        {
            return "refused " + why;
        }

        try
        {
            return "ok " + deltas.Apply(delta);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException or System.Reflection.TargetInvocationException)
        {
            // The runtime refused the delta, or a framework's handler failed on it: the caller restarts the app instead.
            return "failed " + e.GetBaseException().Message.ReplaceLineEndings(" ");
        }
    }
}
