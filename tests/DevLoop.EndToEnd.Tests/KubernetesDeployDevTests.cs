using System.Text.RegularExpressions;
using DevLoop.Testing;

namespace DevLoop.EndToEnd.Tests;

/// <summary>`dotnet build /t:DeployDev` against a Deployment on the Kubernetes API test server, whose pods are real containers.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class KubernetesDeployDevTests
{
    private readonly PackedPackages _packages;

    public KubernetesDeployDevTests(PackedPackages packages)
    {
        _packages = packages;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task DeployDev_updates_every_ready_replica_in_place_and_marks_each_pod(int replicas)
    {
        using var project = await UserProject.CreateAsync(_packages);
        project.SetResponse("Kube v1");
        (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("first build");
        await using var cluster = await KubernetesCluster.StartAsync(project, replicas);
        var pods = await cluster.ReadyPodsAsync(replicas);
        var before = pods.ToDictionary(p => p, cluster.ContainerState);

        var commit = await CommitAsync(project);
        project.SetResponse("Kube v2");
        var deploy = (await project.DotNetAsync(new[] { "build", "/t:DeployDev", "-nologo" }.Concat(cluster.Properties).ToArray())).EnsureSuccess("DeployDev");

        Assert.True(
            Regex.IsMatch(deploy.Stdout, $@"DevLoop: synced \d+ files? \([\d.]+ KB\) to {Pods(replicas)} of deployment/shop in dev in \d+ ms; restarted in place in \d+ ms\."),
            deploy.Stdout);
        foreach (var pod in pods)
        {
            await Http.WaitForAsync(cluster.Url(pod), b => b == "Kube v2", TimeSpan.FromSeconds(30));
            Assert.Equal("1", await Http.GetAsync(cluster.Url(pod) + "pid"));
            Assert.Equal(before[pod], cluster.ContainerState(pod));
            Assert.Equal("true", cluster.Annotation(pod, "devloop.dev/differs-from-image"));
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", cluster.Annotation(pod, "devloop.dev/synced-at"));
            Assert.Equal(commit, cluster.Annotation(pod, "devloop.dev/commit"));
        }

        var again = (await project.DotNetAsync(new[] { "build", "/t:DeployDev", "-nologo" }.Concat(cluster.Properties).ToArray())).EnsureSuccess("DeployDev with nothing changed");
        Assert.Contains($"DevLoop: {Pods(replicas)} of deployment/shop in dev {(replicas == 1 ? "is" : "are")} up to date (nothing changed", again.Stdout);
    }

    [Fact]
    public async Task Bad_kubernetes_settings_fail_with_coded_errors_before_anything_changes()
    {
        using var project = await UserProject.CreateAsync(_packages);
        project.SetResponse("Kube v1");
        (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("first build");
        await using var cluster = await KubernetesCluster.StartAsync(project, replicas: 1);
        var pod = (await cluster.ReadyPodsAsync(1))[0];
        project.SetResponse("Kube v2");

        async Task<string> DeployDevAsync(params string[] properties)
        {
            var result = await project.DotNetAsync(new[] { "build", "/t:DeployDev", "-nologo", "-p:DevLoopTarget=kubernetes", "-p:DevLoopKubeconfig=" + cluster.Kubeconfig, "-p:DevLoopReadyTimeout=3" }.Concat(properties).ToArray());
            Assert.NotEqual(0, result.ExitCode);
            return result.Stdout;
        }

        // A context that is not a local cluster is refused before a request is sent: the server it
        // names does not even exist, yet the error is the allow list's, not "unreachable".
        var prod = project.Root + "/prod.yaml";
        File.WriteAllText(prod, File.ReadAllText(cluster.Kubeconfig).Replace("kind-devloop-e2e", "prod-eu-1").Replace(cluster.Server.Url.Authority, "127.0.0.1:1"));
        var notAllowed = await DeployDevAsync("-p:DevLoopKubeconfig=" + prod, "-p:DevLoopWorkload=deployment/shop");
        Assert.Contains("error DL2102", notAllowed);
        Assert.Contains("-p:DevLoopAllowedContexts=prod-eu-1", notAllowed);
        var allowedButDown = await DeployDevAsync("-p:DevLoopKubeconfig=" + prod, "-p:DevLoopWorkload=deployment/shop", "-p:DevLoopAllowedContexts=prod-*");
        Assert.Contains("error DL1100", allowedButDown);

        Assert.Contains("error DL2101", await DeployDevAsync("-p:DevLoopContext=kind-nope", "-p:DevLoopWorkload=deployment/shop"));
        Assert.Contains("error DL2111", await DeployDevAsync("-p:DevLoopNamespace=dev"));
        Assert.Contains("error DL1110", await DeployDevAsync("-p:DevLoopNamespace=dev", "-p:DevLoopWorkload=deployment/nope"));
        var noPods = await DeployDevAsync("-p:DevLoopNamespace=dev", "-p:DevLoopSelector=app=nope");
        Assert.Contains("error DL1111", noPods);
        Assert.Contains("app=nope in namespace 'dev'", noPods);
        var wrongContainer = await DeployDevAsync("-p:DevLoopNamespace=dev", "-p:DevLoopWorkload=deployment/shop", "-p:DevLoopContainer=sidecar");
        Assert.Contains("error DL1114", wrongContainer);
        Assert.Contains("Its containers: app", wrongContainer);

        File.WriteAllText(project.Root + "/broken.yaml", "apiVersion: v1\nclusters: [ this is not\n");
        Assert.Contains("error DL2103", await DeployDevAsync("-p:DevLoopKubeconfig=" + project.Root + "/broken.yaml", "-p:DevLoopWorkload=deployment/shop"));

        cluster.Server.Users.Deny("dev", "patch", "pods");
        var forbidden = await DeployDevAsync("-p:DevLoopNamespace=dev", "-p:DevLoopWorkload=deployment/shop");
        Assert.Contains("error DL1102", forbidden);
        Assert.Contains("'patch' on 'pods'", forbidden);

        Assert.Equal("Kube v1", await Http.GetAsync(cluster.Url(pod)));
        Assert.Null(cluster.Annotation(pod, "devloop.dev/differs-from-image"));
    }

    private static string Pods(int count) => count == 1 ? "1 pod" : $"{count} pods";

    /// <summary>Makes the project a Git repository with one commit; returns the commit id.</summary>
    private static async Task<string> CommitAsync(UserProject project)
    {
        async Task<string> GitAsync(params string[] args) =>
            (await Run.ProcessAsync("git", new[] { "-c", "user.email=dev@example.invalid", "-c", "user.name=dev" }.Concat(args), project.Root)).EnsureSuccess("git " + args[0]).Stdout.Trim();
        await GitAsync("init", "-q");
        await GitAsync("commit", "-q", "--allow-empty", "-m", "start");
        return await GitAsync("rev-parse", "HEAD");
    }
}
