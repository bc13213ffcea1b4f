using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.Bench;

/// <summary>The built bench app as a Deployment on the API test server, with `dotnet devloop watch -v` on it.</summary>
internal static class BenchDeployment
{
    public const string Namespace = "bench";

    /// <summary>
    /// Bakes the project's build into an image, runs it as a Deployment of <paramref name="replicas"/>,
    /// starts watch on it, waits for <paramref name="ready"/>, and measures; the image is removed after.
    /// </summary>
    /// <param name="measure">Given the running watch and every pod's URL.</param>
    /// <param name="verbose">Whether watch runs with -v (the benches that read its detail lines).</param>
    public static async Task<T> WatchAsync<T>(KubeApiServer server, string kubeconfig, BenchProject project, string name, int replicas, Func<ToolProcess, Task> ready, Func<ToolProcess, IReadOnlyList<string>, Task<T>> measure, bool verbose = true)
    {
        var image = await Testing.Docker.BakeImageAsync(Testing.Docker.StockImage, project.OutputDir);
        try
        {
            await server.CreateDeploymentAsync(Namespace, name, replicas, image, command: new[] { "dotnet", "/app/" + SampleApp.Assembly }, readinessPath: "/");
            var pods = await server.WaitForReadyPodsAsync(Namespace, new Dictionary<string, string> { ["app"] = name }, replicas, TimeSpan.FromSeconds(120));
            var urls = pods.Select(p => $"http://127.0.0.1:{server.PodPort(Namespace, p["metadata"]!["name"]!.GetValue<string>())}/").ToList();
            var properties = project.Properties.Concat(verbose ? new[] { "-v" } : Array.Empty<string>()).Concat(new[]
            {
                "-p:DevLoopTarget=kubernetes", "-p:DevLoopKubeconfig=" + kubeconfig, "-p:DevLoopWorkload=deployment/" + name, "-p:DevLoopNamespace=" + Namespace,
            });
            await using var watch = ToolProcess.StartWatch(project.Dir, properties);
            await ready(watch);
            return await measure(watch, urls);
        }
        finally
        {
            await Testing.Docker.RunAsync("rmi", "-f", image);
        }
    }
}
