using System.Formats.Tar;
using System.Text;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.TestServer;

/// <summary>
/// The real kubectl against the API test server, as a developer points it at the standalone server:
/// a client nobody here wrote holds the server to the protocol.
/// </summary>
[Collection(TestServerCollection.Name)]
public sealed class KubectlTests : IAsyncLifetime
{
    private const string DeploymentYaml = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              hostNetwork: true
              containers:
              - name: app
                image: devloop-test/aspnet:latest
                command: ["sh", "-c"]
                args: ["echo started as $GREETING; while true; do sleep 1; done"]
                env:
                - name: GREETING
                  value: web
        """;

    private readonly TempDirectory _dir = new("devloop-kubectl");
    private KubeApiServer _server = null!;
    private Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        await Testing.Docker.EnsureReadyAsync();
        _server = await KubeApiServer.StartAsync();
        _kubectl = new Kubectl(_server.WriteKubeconfig(_dir.Combine("kubeconfig")), _dir.Combine("home"));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Kubectl_creates_a_deployment_execs_with_stdin_reads_logs_and_sees_a_deleted_pod_replaced()
    {
        Assert.Contains("\"gitVersion\": \"v1.32.4\"", await _kubectl.OkAsync("version", "-o", "json"));
        Assert.Equal("deployment.apps/web created\n", await _kubectl.OkAsync("create", "-f", _dir.Write("deploy.yaml", DeploymentYaml)));
        await _kubectl.OkAsync("rollout", "status", "deployment/web", "--timeout=30s");
        var pod = (await _kubectl.OkAsync("get", "pods", "-o", "name")).Trim();
        Assert.Matches("^pod/web-[a-z0-9]+-[a-z0-9]{5}$", pod);
        var name = pod["pod/".Length..];

        var untar = await _kubectl.RunAsync(Tar("file.txt", "synced by kubectl\n"), "exec", "-i", name, "--", "tar", "-x", "-C", "/tmp");
        untar.EnsureSuccess("kubectl exec -i with a tar on stdin");
        Assert.Equal("synced by kubectl\n", await _kubectl.OkAsync("exec", name, "--", "cat", "/tmp/file.txt"));
        var failing = await _kubectl.RunAsync("exec", name, "--", "sh", "-c", "exit 3");
        Assert.Equal(3, failing.ExitCode);
        Assert.Equal("started as web\n", await _kubectl.OkAsync("logs", name));

        using var watch = _kubectl.StartBackground("get", "pods", "-w");
        using var follow = _kubectl.StartBackground("logs", "-f", name);
        await follow.WaitForOutputAsync(o => o.Contains("started as web"), TimeSpan.FromSeconds(10));
        await watch.WaitForOutputAsync(o => o.Contains(name), TimeSpan.FromSeconds(10));
        Assert.Equal($"pod \"{name}\" deleted\n", await _kubectl.OkAsync("delete", "pod", name));

        Assert.Equal(0, await follow.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        await _server.WaitForReadyPodsAsync("default", new Dictionary<string, string> { ["app"] = "web" }, 1);
        var replacement = (await _kubectl.OkAsync("get", "pods", "-o", "name")).Trim();
        Assert.Matches("^pod/web-[a-z0-9]+-[a-z0-9]{5}$", replacement);
        Assert.NotEqual(pod, replacement);
        await watch.WaitForOutputAsync(o => o.Contains(replacement["pod/".Length..]) && o.Contains("Terminating"), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Kubectl_annotates_scales_waits_and_deletes()
    {
        await _server.CreateDeploymentAsync("default", "api", 1, Testing.Docker.StockImage, Manifests.Idle);
        var name = (await _kubectl.OkAsync("get", "pods", "-l", "app=api", "-o", "jsonpath={.items[0].metadata.name}")).Trim();
        await _kubectl.OkAsync("wait", "--for=condition=Ready", "pod/" + name, "--timeout=30s");

        await _kubectl.OkAsync("annotate", "pod", name, "devloop.dev/dirty=true");
        Assert.Equal("true", await _kubectl.OkAsync("get", "pod", name, "-o", "jsonpath={.metadata.annotations.devloop\\.dev/dirty}"));
        await _kubectl.OkAsync("annotate", "pod", name, "devloop.dev/dirty-");
        Assert.Equal(string.Empty, await _kubectl.OkAsync("get", "pod", name, "-o", "jsonpath={.metadata.annotations.devloop\\.dev/dirty}"));

        await _kubectl.OkAsync("scale", "deployment", "api", "--replicas=2");
        await _kubectl.OkAsync("rollout", "status", "deployment/api", "--timeout=30s");
        Assert.Equal(2, (await _kubectl.OkAsync("get", "pods", "-l", "app=api", "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // Strategic merge patches of the template (containers merge by name) roll every pod.
        await _kubectl.OkAsync("set", "env", "deployment/api", "MODE=debug");
        await _kubectl.OkAsync("rollout", "restart", "deployment/api");
        await _kubectl.OkAsync("rollout", "status", "deployment/api", "--timeout=30s");
        var rolled = await _server.WaitForReadyPodsAsync("default", new Dictionary<string, string> { ["app"] = "api" }, 2);
        Assert.DoesNotContain(rolled, p => p.Str("metadata.name") == name);
        Assert.Equal("debug", await _kubectl.OkAsync("exec", rolled[0].Str("metadata.name"), "--", "sh", "-c", "printf %s \"$MODE\""));
        Assert.Equal("devloop-test/aspnet:latest", await _kubectl.OkAsync("get", "deployment", "api", "-o", "jsonpath={.spec.template.spec.containers[0].image}"));

        await _kubectl.OkAsync("delete", "deployment", "api");
        await _server.WaitUntilAsync(() => _server.Pods.List("default").Count == 0, "the deployment's pods to go");
        var none = await _kubectl.RunAsync("get", "pods");
        Assert.Equal((0, "No resources found in default namespace.\n"), (none.ExitCode, none.Stderr));
    }

    private static byte[] Tar(string name, string content)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Ustar, leaveOpen: true))
        {
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name)
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                ModificationTime = DateTimeOffset.UtcNow,
            });
        }

        return buffer.ToArray();
    }
}
