using System.Globalization;
using System.Runtime.InteropServices;
using DevLoop.Kubernetes.TestServer;

// Standalone mode for debugging with real clients: serve until Ctrl+C or SIGTERM, with a kubeconfig
// written to --kubeconfig PATH; every container started is removed on the way out.
var path = Option("--kubeconfig");
var portText = Option("--port");
if (path is null || (portText is not null && !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
{
    Console.Error.WriteLine("Usage: dotnet run --project tests/DevLoop.Kubernetes.TestServer -- --kubeconfig PATH [--port N]");
    return 2;
}

var stop = new TaskCompletionSource();
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
await using (var server = await KubeApiServer.StartAsync(portText is null ? 0 : int.Parse(portText, CultureInfo.InvariantCulture)))
{
    server.WriteKubeconfig(Path.GetFullPath(path));
    Console.WriteLine($"Serving {server.Url} (containers named kts-{server.Id}-*); kubeconfig with context kind-devloop-test written to {Path.GetFullPath(path)}. Ctrl+C stops.");
    await stop.Task;
    Console.WriteLine("Stopping: removing the pods' containers.");
}

return 0;

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
