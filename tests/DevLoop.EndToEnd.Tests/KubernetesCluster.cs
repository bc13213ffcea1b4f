using System.Text.Json.Nodes;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.EndToEnd.Tests;

/// <summary>
/// A Deployment of the user's app on the Kubernetes API test server, as a developer has it in a dev
/// namespace: the image is baked from a Debug build (so it carries the agent), pods are real containers.
/// </summary>
public sealed class KubernetesCluster : IAsyncDisposable
{
    public const string Namespace = "dev";

    private KubernetesCluster(KubeApiServer server, string image, string deployment, string kubeconfig)
    {
        Server = server;
        Image = image;
        Deployment = deployment;
        Kubeconfig = kubeconfig;
    }

    public KubeApiServer Server { get; }

    public string Image { get; }

    public string Deployment { get; }

    public string Kubeconfig { get; }

    public IReadOnlyDictionary<string, string> Labels => new Dictionary<string, string> { ["app"] = Deployment };

    /// <summary>The DeployDev/watch properties that point DevLoop at the Deployment.</summary>
    public string[] Properties => new[]
    {
        "-p:DevLoopTarget=kubernetes",
        "-p:DevLoopKubeconfig=" + Kubeconfig,
        "-p:DevLoopWorkload=deployment/" + Deployment,
        "-p:DevLoopNamespace=" + Namespace,
    };

    public static async Task<KubernetesCluster> StartAsync(UserProject project, int replicas, string deployment = "shop")
    {
        var image = await Docker.BakeImageAsync(Docker.StockImage, project.OutputDir);
        var server = await KubeApiServer.StartAsync();
        try
        {
            var kubeconfig = server.WriteKubeconfig(Path.Combine(project.Root, "kubeconfig.yaml"), context: "kind-devloop-e2e");
            await server.CreateDeploymentAsync(Namespace, deployment, replicas, image, command: new[] { "dotnet", "/app/" + project.Name + ".dll" }, readinessPath: "/");
            var cluster = new KubernetesCluster(server, image, deployment, kubeconfig);
            await cluster.ReadyPodsAsync(replicas);
            return cluster;
        }
        catch
        {
            await server.DisposeAsync();
            await Docker.RunAsync("rmi", "-f", image);
            throw;
        }
    }

    /// <summary>The names of the ready pods, once there are <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<string>> ReadyPodsAsync(int count, TimeSpan? timeout = null) =>
        (await Server.WaitForReadyPodsAsync(Namespace, Labels, count, timeout ?? TimeSpan.FromSeconds(60)))
            .Select(p => p["metadata"]!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

    public string Url(string pod) => $"http://127.0.0.1:{Server.PodPort(Namespace, pod)}/";

    public JsonObject Pod(string name) => Server.Pods.Get(Namespace, name) ?? throw new InvalidOperationException($"pod {name} is gone");

    public string? Annotation(string pod, string key) => Pod(pod)["metadata"]?["annotations"]?[key]?.GetValue<string>();

    /// <summary>What must not change when DevLoop restarts in place: the pod's container and its restart count.</summary>
    public string ContainerState(string pod) =>
        $"{Server.DockerContainer(Namespace, pod)} restarts={Pod(pod)["status"]?["containerStatuses"]?[0]?["restartCount"]}";

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Docker.RunAsync("rmi", "-f", Image);
    }
}
