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
    private const string Namespace = "bench";

    public static async Task RunAsync(Report report, int iterations)
    {
        using var work = new TempDirectory("devloop-bench-warm");
        var reference = new BenchProject(work.Combine("reference"));
        (await reference.BuildAsync()).EnsureSuccess("reference build");

        var docker = await DockerAsync(work, reference, iterations);
        var (one, three) = await KubernetesAsync(work, reference, iterations);

        var build = docker.Builds.Concat(one.Builds).Concat(three.Builds).ToList();
        report.Add("plain incremental `dotnet build` of the same one-line edit (median)", Stats.Describe(build), "reference");
        Add(report, "docker", docker, "≤ 300 ms");
        Add(report, "kubernetes, 1 replica", one, "≤ 400 ms");
        Add(report, "kubernetes, 3 replicas", three, "reported");
        report.Add("DevLoop's own CPU per sync (tool + agents), 1 replica / 3 replicas (median)", $"{Ms(Stats.Median(one.Cpu))} / {Ms(Stats.Median(three.Cpu))}", "reported");
        report.Add("DevLoop's own CPU per extra replica (3 against 1, difference of medians / 2)", Ms((Stats.Median(three.Cpu) - Stats.Median(one.Cpu)) / 2), "≤ 40 ms");
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
        var image = await Testing.Docker.BakeImageAsync(Testing.Docker.StockImage, project.OutputDir);
        try
        {
            await server.CreateDeploymentAsync(Namespace, name, replicas, image, command: new[] { "dotnet", "/app/" + SampleApp.Assembly }, readinessPath: "/");
            var pods = await server.WaitForReadyPodsAsync(Namespace, new Dictionary<string, string> { ["app"] = name }, replicas, TimeSpan.FromSeconds(120));
            var urls = pods.Select(p => $"http://127.0.0.1:{server.PodPort(Namespace, p["metadata"]!["name"]!.GetValue<string>())}/").ToList();
            var properties = project.Properties.Concat(new[]
            {
                "-p:DevLoopTarget=kubernetes", "-p:DevLoopKubeconfig=" + kubeconfig, "-p:DevLoopWorkload=deployment/" + name, "-p:DevLoopNamespace=" + Namespace,
            });
            await using var watch = ToolProcess.StartWatch(project.Dir, properties);
            await watch.WaitForAsync("of deployment/" + name, 0, TimeSpan.FromMinutes(3));
            return await MeasureAsync(watch, project, reference, urls, name, iterations);
        }
        finally
        {
            await Testing.Docker.RunAsync("rmi", "-f", image);
        }
    }

    /// <summary>Alternates a plain build of the reference copy with a save under watch, both of the same edit.</summary>
    private static async Task<Measured> MeasureAsync(ToolProcess watch, BenchProject project, BenchProject reference, IReadOnlyList<string> urls, string prefix, int iterations)
    {
        var measured = new Measured(new List<double>(), new List<double>(), new List<double>(), new List<Dictionary<string, double>>());
        for (var i = 0; i < iterations; i++)
        {
            var message = $"{prefix}-{i}";
            reference.SetMessage(message);
            var build = Stopwatch.StartNew();
            (await reference.BuildAsync("--no-restore")).EnsureSuccess("reference build");
            measured.Builds.Add(build.Elapsed.TotalMilliseconds);

            var seen = watch.Count("Edit to running");
            var cpuBefore = DevLoopCpu(watch);
            var save = Stopwatch.StartNew();
            project.SetMessage(message);
            await Task.WhenAll(urls.Select(u => Http.WaitForAsync(u, b => b == message, TimeSpan.FromSeconds(60))));
            measured.Serving.Add(save.Elapsed.TotalMilliseconds);
            await watch.WaitForAsync("Edit to running", seen, TimeSpan.FromSeconds(30));
            measured.Steps.Add(StepsOf(watch.Lines.Last(l => l.Contains("Edit to running", StringComparison.Ordinal))));
            measured.Cpu.Add(Delta(cpuBefore, DevLoopCpu(watch)));
            await Task.Delay(300);
        }

        return measured;
    }

    private static Dictionary<int, double> DevLoopCpu(ToolProcess watch)
    {
        var cpu = ToolCpu.OfCommandLine("DevLoop.Agent.dll");
        cpu[watch.Id] = ToolCpu.Of(watch.Id);
        return cpu;
    }

    // Processes that ended in between are not counted: agents that live for one request are missed (said in the README).
    private static double Delta(Dictionary<int, double> before, Dictionary<int, double> after) =>
        after.Sum(p => p.Value - before.GetValueOrDefault(p.Key));

    /// <summary>"Edit to running in 3.1 s: debounce 50 ms, build 2.9 s, sync 120 ms, restart 90 ms." → step → ms.</summary>
    private static Dictionary<string, double> StepsOf(string line) =>
        Regex.Matches(line, @"(debounce|build|sync|restart) ([0-9.]+) (ms|s)\b")
            .ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) * (m.Groups[3].Value == "s" ? 1000 : 1));

    private static string Ms(double milliseconds) => milliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms";

    private sealed record Measured(List<double> Serving, List<double> Builds, List<double> Cpu, List<Dictionary<string, double>> Steps);
}
