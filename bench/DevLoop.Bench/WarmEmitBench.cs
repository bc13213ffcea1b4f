using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.Bench;

/// <summary>
/// An edit hot reload cannot apply (a field's type), save → the new code answering HTTP in every
/// target: `dotnet devloop watch` (the assembly emitted in process from its warm compilation, synced,
/// restarted) on docker and kubernetes (1 and 3 replicas), beside a plain incremental `dotnet build`
/// of the same edit and `dotnet watch` restarting the same app run locally, in the same run; and the
/// same edit made in a class library the app references (docker), beside a plain build of that.
/// </summary>
internal static partial class WarmEmitBench
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);

    public static async Task RunAsync(Report report, int iterations)
    {
        using var work = new TempDirectory("devloop-bench-warm-emit");
        var build = await PlainBuildAsync(work, iterations, library: false);
        var reference = await DotNetWatchAsync(work, iterations);
        var docker = await DockerAsync(work, "docker", library: false, iterations);
        var (one, three) = await KubernetesAsync(work, iterations);
        var libraryBuild = await PlainBuildAsync(work, iterations, library: true);
        var library = await DockerAsync(work, "library", library: true, iterations);

        var buildMedian = Stats.Median(build);
        report.Add("a plain incremental `dotnet build` of the edit (median)", Stats.Describe(build), "reference");
        report.Add("`dotnet watch`, local process: save → new code answering (median)", Stats.Describe(reference), "reference");
        foreach (var (name, measured) in new[] { ("docker", docker), ("kubernetes, 1 replica", one), ("kubernetes, 3 replicas", three) })
        {
            var median = Stats.Median(measured.Serving);
            report.Add($"{name}, devloop watch: save → new code answering (median)", Stats.Describe(measured.Serving), name == "kubernetes, 3 replicas" ? "reported" : "≤ 1 s");
            report.Add($"{name}: against the plain `dotnet build` alone (ratio of medians)", (median / buildMedian).ToString("F2", CultureInfo.InvariantCulture) + "x", "< 1x");
            report.Add($"{name}: against `dotnet watch` (ratio of medians)", (median / Stats.Median(reference)).ToString("F2", CultureInfo.InvariantCulture) + "x", "reported");
            report.Add(
                $"{name}: saves emitted in process ({measured.Emitted} of {measured.Serving.Count}); emit, sync, restart as watch reports them (medians)",
                $"{Ms(Stats.Median(measured.Emit))}, {Ms(Stats.Median(measured.Sync))}, {Ms(Stats.Median(measured.Restart))}",
                "reported");
        }

        report.Add("a plain incremental `dotnet build` of the edit made in a class library the app references (median)", Stats.Describe(libraryBuild), "reference");
        var libraryMedian = Stats.Median(library.Serving);
        report.Add("docker, the edit in a referenced class library, devloop watch: save → new code answering (median)", Stats.Describe(library.Serving), "≤ 1 s");
        report.Add("docker, library: against the plain `dotnet build` of the library edit (ratio of medians)", (libraryMedian / Stats.Median(libraryBuild)).ToString("F2", CultureInfo.InvariantCulture) + "x", "< 1x");
        report.Add(
            $"docker, library: saves emitted in process, the library then the app (its reference changed) ({library.Emitted} of {library.Serving.Count}); emit, sync, restart (medians)",
            $"{Ms(Stats.Median(library.Emit))}, {Ms(Stats.Median(library.Sync))}, {Ms(Stats.Median(library.Restart))}",
            "reported");
    }

    private static async Task<List<double>> PlainBuildAsync(TempDirectory work, int iterations, bool library)
    {
        var project = new BenchProject(work.Combine(library ? "library-build" : "build"));
        project.WithoutDevLoop();
        if (library)
        {
            project.UseLibrary();
        }

        project.SetMessageWithField("b", 0);
        (await project.BuildAsync()).EnsureSuccess("first build");
        var times = new List<double>();
        for (var i = 1; i <= iterations; i++)
        {
            project.SetMessageWithField("b", i);
            var build = Stopwatch.StartNew();
            (await Run.DotNetAsync(new[] { "build", project.Dir, "-nologo", "-v:q" }, project.Dir)).EnsureSuccess("incremental build");
            times.Add(build.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    private static async Task<List<double>> DotNetWatchAsync(TempDirectory work, int iterations)
    {
        var project = new BenchProject(work.Combine("dotnet-watch"));
        project.WithoutDevLoop();
        project.SetMessageWithField("w", 0);
        await using var watch = await DotNetWatchProcess.StartAsync(project.Dir, "w-0");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var serving = new List<double>();
        for (var i = 1; i <= iterations; i++)
        {
            var save = Stopwatch.StartNew();
            project.SetMessageWithField("w", i);
            await HotReloadBench.ServingAsync(new[] { watch.Url }, "w-" + i, watch.Lines());
            serving.Add(save.Elapsed.TotalMilliseconds);
            await Task.Delay(Settle);
        }

        return serving;
    }

    /// <param name="library">Whether the edit is made in a class library the app references.</param>
    private static async Task<Measured> DockerAsync(TempDirectory work, string name, bool library, int iterations)
    {
        var project = new BenchProject(work.Combine(name));
        if (library)
        {
            project.UseLibrary();
        }

        project.SetMessageWithField("d", 0);
        (await project.BuildAsync()).EnsureSuccess("docker project build");
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, project.OutputDir, SampleApp.Assembly, FreePort.Next());
        await Http.WaitForAsync(container.Url, b => b == "d-0", TimeSpan.FromSeconds(60));
        await using var watch = ToolProcess.StartWatch(project.Dir, project.Properties.Concat(new[] { "-v", "-p:DevLoopTarget=docker", "-p:DevLoopContainer=" + container.Name }));
        await watch.WaitForAsync(library ? "The warm emit gave the build's own bytes (BenchLib.dll" : "Edits hot reload cannot apply are compiled in process", 0, TimeSpan.FromMinutes(3));
        return await MeasureAsync(watch, project, new[] { container.Url }, "d", iterations);
    }

    private static async Task<(Measured One, Measured Three)> KubernetesAsync(TempDirectory work, int iterations)
    {
        await using var server = await KubeApiServer.StartAsync();
        var kubeconfig = server.WriteKubeconfig(work.Combine("kubeconfig.yaml"), context: "kind-devloop-bench");
        var one = await DeploymentAsync(server, kubeconfig, work, "warm1", 1, iterations);
        var three = await DeploymentAsync(server, kubeconfig, work, "warm3", 3, iterations);
        return (one, three);
    }

    private static async Task<Measured> DeploymentAsync(KubeApiServer server, string kubeconfig, TempDirectory work, string name, int replicas, int iterations)
    {
        var project = new BenchProject(work.Combine(name));
        project.SetMessageWithField(name, 0);
        (await project.BuildAsync()).EnsureSuccess(name + " build");
        return await BenchDeployment.WatchAsync(
            server,
            kubeconfig,
            project,
            name,
            replicas,
            watch => watch.WaitForAsync("Edits hot reload cannot apply are compiled in process", 0, TimeSpan.FromMinutes(3)),
            (watch, urls) => MeasureAsync(watch, project, urls, name, iterations));
    }

    private static async Task<Measured> MeasureAsync(ToolProcess watch, BenchProject project, IReadOnlyList<string> urls, string prefix, int iterations)
    {
        var measured = new Measured(new List<double>(), new List<double>(), new List<double>(), new List<double>());
        await Task.Delay(TimeSpan.FromSeconds(2));
        for (var i = 1; i <= iterations; i++)
        {
            var done = watch.Count("Edit to running in");
            var emitted = watch.Count("compiled in process from the warm compilation");
            var save = Stopwatch.StartNew();
            project.SetMessageWithField(prefix, i);
            await HotReloadBench.ServingAsync(urls, $"{prefix}-{i}", watch.Lines);
            measured.Serving.Add(save.Elapsed.TotalMilliseconds);
            await watch.WaitForAsync("Edit to running in", done, TimeSpan.FromSeconds(30));
            var match = Timing().Match(watch.Lines.Last(l => l.Contains("Edit to running in", StringComparison.Ordinal)));
            measured.Emit.Add(double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
            measured.Sync.Add(double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
            measured.Restart.Add(double.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture));
            measured.Emitted += match.Groups[1].Value == "emit" && watch.Count("compiled in process from the warm compilation") > emitted ? 1 : 0;
            await Task.Delay(Settle);
        }

        return measured;
    }

    [GeneratedRegex(@"Edit to running in [0-9]+ ms: debounce [0-9]+ ms, (emit|build) ([0-9]+) ms, sync ([0-9]+) ms, restart ([0-9]+) ms")]
    private static partial Regex Timing();

    private static string Ms(double milliseconds) => milliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms";

    private sealed record Measured(List<double> Serving, List<double> Emit, List<double> Sync, List<double> Restart)
    {
        public int Emitted { get; set; }
    }
}
