using DevLoop.Kubernetes.TestServer;

namespace DevLoop.Bench;

/// <summary>
/// `--serve-kubernetes KUBECONFIG`: the API test server in a process of its own, so that a bench can
/// count its own CPU without the server's. Reads `deploy NAME REPLICAS IMAGE` lines on stdin and
/// answers `ready NAME` once that many pods are ready; ends on `quit` or end of input.
/// </summary>
internal static class KubeServerHost
{
    public const string Flag = "--serve-kubernetes";
    private const string Namespace = "bench";

    public static async Task<int> RunAsync(string kubeconfig)
    {
        await using var server = await KubeApiServer.StartAsync();
        server.WriteKubeconfig(kubeconfig);
        Console.WriteLine("serving");
        while (await Console.In.ReadLineAsync() is { } line && line != "quit")
        {
            var words = line.Split(' ');
            var (name, replicas, image) = (words[1], int.Parse(words[2]), words[3]);
            await server.CreateDeploymentAsync(Namespace, name, replicas, image, command: new[] { "dotnet", "/app/" + Testing.SampleApp.Assembly }, readinessPath: "/");
            await server.WaitForReadyPodsAsync(Namespace, new Dictionary<string, string> { ["app"] = name }, replicas, TimeSpan.FromSeconds(120));
            Console.WriteLine("ready " + name);
        }

        return 0;
    }
}
