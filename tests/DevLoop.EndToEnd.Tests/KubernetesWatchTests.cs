using System.Text.Json;
using DevLoop.Testing;

namespace DevLoop.EndToEnd.Tests;

/// <summary>`dotnet devloop watch` and `reset` against a Deployment on the Kubernetes API test server.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class KubernetesWatchTests
{
    private readonly PackedPackages _packages;

    public KubernetesWatchTests(PackedPackages packages)
    {
        _packages = packages;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Watch_updates_every_replica_streams_their_logs_and_brings_a_replacement_pod_up_to_date(int replicas)
    {
        using var project = await UserProject.CreateAsync(_packages);
        project.SetResponse("Kube v1", "app.Logger.LogInformation(\"custom-startup-line\");");
        (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("first build");
        var commit = await project.CommitAsync();
        var tool = await project.InstallToolAsync(_packages);
        await using var cluster = await KubernetesCluster.StartAsync(project, replicas);
        var pods = await cluster.ReadyPodsAsync(replicas);
        var before = pods.ToDictionary(p => p, cluster.ContainerState);

        await using var watch = WatchProcess.Start(tool, project.Dir, project.Environment, new[] { "watch" }.Concat(cluster.Properties).ToArray());
        foreach (var pod in pods)
        {
            await watch.WaitForOutputAsync($"[{pod}] ", TimeSpan.FromSeconds(90));
        }

        project.SetResponse("Kube v2", "app.Logger.LogInformation(\"custom-startup-line\");");
        foreach (var pod in pods)
        {
            await Http.WaitForAsync(cluster.Url(pod), b => b == "Kube v2", TimeSpan.FromSeconds(60));
            Assert.Equal(before[pod], cluster.ContainerState(pod));
        }

        await watch.WaitForOutputAsync($"to {(replicas == 1 ? "1 pod" : $"{replicas} pods")} of deployment/shop in dev", TimeSpan.FromSeconds(10));

        // A pod goes away (eviction, node drain): its replacement starts from the image, and watch
        // brings it up to date by itself once it is ready.
        await cluster.Server.DeletePodAsync(KubernetesCluster.Namespace, pods[0]);
        var now = await cluster.ReadyPodsAsync(replicas);
        var replacement = Assert.Single(now.Except(pods));
        await watch.WaitForOutputAsync($"brought pod '{replacement}' up to date", TimeSpan.FromSeconds(60));
        await Http.WaitForAsync(cluster.Url(replacement), b => b == "Kube v2", TimeSpan.FromSeconds(30));
        Assert.Contains($"pod '{pods[0]}' is gone", watch.Output);
        Assert.Equal("true", cluster.Annotation(replacement, "devloop.dev/differs-from-image"));
        await watch.WaitForOutputAsync($"[{replacement}] ", TimeSpan.FromSeconds(30));

        // Edits after the replacement reach it like every other replica.
        project.SetResponse("Kube v3", "app.Logger.LogInformation(\"custom-startup-line\");");
        foreach (var pod in now)
        {
            await Http.WaitForAsync(cluster.Url(pod), b => b == "Kube v3", TimeSpan.FromSeconds(60));
        }

        Assert.True(await watch.InterruptAsync(TimeSpan.FromSeconds(30)), "watch did not stop after Ctrl+C:\n" + watch.Output);
        Assert.Equal(0, watch.ExitCode);

        // status: every pod, read from the cluster and the agents in the pods.
        var synced = await StatusAsync(tool, project, cluster);
        Assert.Equal(now.Order(StringComparer.Ordinal), synced.Select(r => r.GetProperty("target").GetString()!["pod/".Length..]));
        Assert.All(synced, row =>
        {
            Assert.Equal("Ready", row.GetProperty("state").GetString());
            Assert.True(row.GetProperty("differsFromImage").GetBoolean());
            Assert.Equal(commit, row.GetProperty("commit").GetString());
        });

        // reset: the changed pods are deleted and their controller recreates them from the image.
        var reset = (await Run.ProcessAsync(tool, new[] { "reset" }.Concat(cluster.Properties), project.Dir, project.Environment, TimeSpan.FromMinutes(3))).EnsureSuccess("devloop reset");
        foreach (var pod in now)
        {
            Assert.Contains($"Deleted pod '{pod}'", reset.Stdout);
        }

        var fresh = await cluster.ReadyPodsAsync(replicas);
        Assert.Empty(fresh.Intersect(now));
        foreach (var pod in fresh)
        {
            await Http.WaitForAsync(cluster.Url(pod), b => b == "Kube v1", TimeSpan.FromSeconds(30));
            Assert.Null(cluster.Annotation(pod, "devloop.dev/differs-from-image"));
        }

        var after = await StatusAsync(tool, project, cluster);
        Assert.Equal(fresh.Order(StringComparer.Ordinal), after.Select(r => r.GetProperty("target").GetString()!["pod/".Length..]));
        Assert.All(after, row => Assert.False(row.GetProperty("differsFromImage").GetBoolean()));
    }

    private static async Task<List<JsonElement>> StatusAsync(string tool, UserProject project, KubernetesCluster cluster)
    {
        var run = (await Run.ProcessAsync(tool, new[] { "status", "--json" }.Concat(cluster.Properties), project.Dir, project.Environment, TimeSpan.FromMinutes(3))).EnsureSuccess("devloop status --json");
        using var document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.GetProperty("targets").EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
