using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.Bench;

/// <summary>
/// `dotnet devloop watch` as a user runs it: save → the new code answering HTTP in every target, on
/// docker and on kubernetes (1 and 3 replicas), beside a plain incremental `dotnet build` of the same
/// edit measured in the same run (the difference is what DevLoop adds to the build). Also DevLoop's
/// own CPU per sync (the tool's process and the agents in the targets; the apps are not counted).
/// </summary>
internal static class WarmWatchBench
{
    /// <param name="kubernetesOnly">Leave the docker half out (--only=warm-kubernetes).</param>
    public static async Task RunAsync(Report report, int iterations, bool kubernetesOnly = false)
    {
        using var work = new TempDirectory("devloop-bench-warm");
        var reference = new BenchProject(work.Combine("reference"));
        (await reference.BuildAsync()).EnsureSuccess("reference build");

        var docker = kubernetesOnly ? null : await DockerAsync(work, reference, iterations);
        var (one, three) = await KubernetesAsync(work, reference, iterations);

        var build = (docker?.Builds ?? new List<double>()).Concat(one.Builds).Concat(three.Builds).ToList();
        report.Add("plain incremental `dotnet build` of the same one-line edit (median)", Stats.Describe(build), "reference");
        if (docker is not null)
        {
            Add(report, "docker", docker, "≤ 300 ms");
            report.Add("docker: DevLoop's CPU per sync, tool / agent (median)", $"{Ms(Stats.Median(docker.ToolCpu))} / {Ms(Stats.Median(docker.AgentCpu))}", "reported");
        }

        Add(report, "kubernetes, 1 replica", one, "≤ 400 ms");
        Add(report, "kubernetes, 3 replicas", three, "reported");
        report.Add("DevLoop's CPU per sync in the tool (sync and restart, as watch reports it), 1 replica / 3 replicas (median)", $"{Ms(Stats.Median(one.ToolCpu))} / {Ms(Stats.Median(three.ToolCpu))}", "reported");
        report.Add("DevLoop's CPU per sync in the agents (all of them, save to serving), 1 replica / 3 replicas (median)", $"{Ms(Stats.Median(one.AgentCpu))} / {Ms(Stats.Median(three.AgentCpu))}", "reported");
        var perSyncOne = one.ToolCpu.Zip(one.AgentCpu, (t, a) => t + a).ToList();
        var perSyncThree = three.ToolCpu.Zip(three.AgentCpu, (t, a) => t + a).ToList();
        report.Add("DevLoop's own CPU per sync (tool + agents), 1 replica / 3 replicas (median)", $"{Ms(Stats.Median(perSyncOne))} / {Ms(Stats.Median(perSyncThree))}", "reported");
        report.Add("DevLoop's own CPU per extra replica (3 against 1, difference of medians / 2)", Ms((Stats.Median(perSyncThree) - Stats.Median(perSyncOne)) / 2), "≤ 40 ms");
    }

    private static void Add(Report report, string name, Measured measured, string target)
    {
        report.Add($"{name}, watch: save → new code answering (median)", Stats.Describe(measured.Serving), "reported");
        report.Add($"{name}, watch: minus the plain build measured beside it (difference of medians)", Ms(Stats.Median(measured.Serving) - Stats.Median(measured.Builds)), target);
        foreach (var step in new[] { "debounce", "build", "sync", "restart" })
        {
            var values = measured.Steps.Select(s => s.GetValueOrDefault(step)).ToList();
            report.Add($"{name}, watch: of which {step}, as watch reports it (median)", Stats.Describe(values), "reported");
        }
    }

    private static async Task<Measured> DockerAsync(TempDirectory work, BenchProject reference, int iterations)
    {
        var project = new BenchProject(work.Combine("docker"));
        (await project.BuildAsync()).EnsureSuccess("docker project build");
        var port = FreePort.Next();
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, project.OutputDir, SampleApp.Assembly, port);
        await Http.WaitForAsync(container.Url, b => b == "v1", TimeSpan.FromSeconds(60));
        await using var watch = ToolProcess.StartWatch(project.Dir, project.Properties.Concat(new[] { "-p:DevLoopTarget=docker", "-p:DevLoopContainer=" + container.Name }));
        await watch.WaitForAsync("container '", 0, TimeSpan.FromMinutes(3));
        return await MeasureAsync(watch, project, reference, new[] { container.Url }, "d", iterations);
    }

    private static async Task<(Measured One, Measured Three)> KubernetesAsync(TempDirectory work, BenchProject reference, int iterations)
    {
        await using var server = await KubeApiServer.StartAsync();
        var kubeconfig = server.WriteKubeconfig(work.Combine("kubeconfig.yaml"), context: "kind-devloop-bench");
        var one = await DeploymentAsync(server, kubeconfig, work, reference, "warm1", 1, iterations);
        var three = await DeploymentAsync(server, kubeconfig, work, reference, "warm3", 3, iterations);
        return (one, three);
    }

    private static async Task<Measured> DeploymentAsync(KubeApiServer server, string kubeconfig, TempDirectory work, BenchProject reference, string name, int replicas, int iterations)
    {
        var project = new BenchProject(work.Combine(name));
        (await project.BuildAsync()).EnsureSuccess(name + " build");
        return await BenchDeployment.WatchAsync(
            server,
            kubeconfig,
            project,
            name,
            replicas,
            watch => watch.WaitForAsync("of deployment/" + name, 0, TimeSpan.FromMinutes(3)),
            (watch, urls) => MeasureAsync(watch, project, reference, urls, name, iterations),
            verbose: false);
    }

    /// <summary>Alternates a plain build of the reference copy with a save under watch, both of the same edit.</summary>
    private static async Task<Measured> MeasureAsync(ToolProcess watch, BenchProject project, BenchProject reference, IReadOnlyList<string> urls, string prefix, int iterations)
    {
        var measured = new Measured(new List<double>(), new List<double>(), new List<double>(), new List<double>(), new List<Dictionary<string, double>>());
        for (var i = 0; i < iterations; i++)
        {
            var message = $"{prefix}-{i}";
            reference.SetMessage(message);
            var build = Stopwatch.StartNew();
            (await reference.BuildAsync("--no-restore")).EnsureSuccess("reference build");
            measured.Builds.Add(build.Elapsed.TotalMilliseconds);

            var seen = watch.Count("Edit to running");
            var agentsBefore = ToolCpu.OfCommandLine("DevLoop.Agent.dll");
            var save = Stopwatch.StartNew();
            project.SetMessage(message);
            await Task.WhenAll(urls.Select(u => Http.WaitForAsync(u, b => b == message, TimeSpan.FromSeconds(60))));
            measured.Serving.Add(save.Elapsed.TotalMilliseconds);
            await watch.WaitForAsync("Edit to running", seen, TimeSpan.FromSeconds(30));
            measured.AgentCpu.Add(Delta(agentsBefore, ToolCpu.OfCommandLine("DevLoop.Agent.dll")));
            var steps = StepsOf(watch.Lines.Last(l => l.Contains("Edit to running", StringComparison.Ordinal)));
            measured.Steps.Add(steps);
            measured.ToolCpu.Add(steps["cpu"]);
            await Task.Delay(300);
        }

        return measured;
    }

    // Processes that ended in between are not counted: agents that live for one request are missed (said in the README).
    private static double Delta(Dictionary<int, double> before, Dictionary<int, double> after) =>
        after.Sum(p => p.Value - before.GetValueOrDefault(p.Key));

    /// <summary>"Edit to running in 3100 ms: debounce 50 ms, build 2900 ms, sync 120 ms, restart 90 ms; the sync took 40 ms of this process's CPU." → step → ms ("cpu" for the last).</summary>
    private static Dictionary<string, double> StepsOf(string line) =>
        Regex.Matches(line, @"(debounce|build|sync|restart|took) ([0-9.]+) ms\b")
            .ToDictionary(m => m.Groups[1].Value == "took" ? "cpu" : m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    private static string Ms(double milliseconds) => milliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms";

    private sealed record Measured(List<double> Serving, List<double> Builds, List<double> ToolCpu, List<double> AgentCpu, List<Dictionary<string, double>> Steps);
}
