using DevLoop.Kubernetes.TestServer;

// Standalone mode for debugging with real clients: serve until stopped, with a kubeconfig written to --kubeconfig PATH.
var path = args.SkipWhile(a => a != "--kubeconfig").Skip(1).FirstOrDefault();
if (path is null)
{
    Console.Error.WriteLine("Usage: dotnet run --project tests/DevLoop.Kubernetes.TestServer -- --kubeconfig PATH");
    return 2;
}

await using var server = await KubeApiServer.StartAsync();
var (certificate, key) = server.Certificates.IssueClient("dev");
await File.WriteAllTextAsync(path, KubeconfigWriter.Write(server, "kind-devloop-test", certificate, key, token: null));
Console.WriteLine($"Serving {server.Url}; kubeconfig written to {path}. Ctrl+C stops.");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
await stop.Task;
return 0;
