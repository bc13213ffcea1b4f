using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.Bench;

/// <summary>
/// Hot reload, save → the new code answering HTTP in every target: `dotnet devloop watch` on docker
/// and kubernetes (1 and 3 replicas), beside `dotnet watch` hot reloading the same edit into the
/// same app run locally, in the same run. The edit is a property body (what both apply as a delta).
/// </summary>
internal static partial class HotReloadBench
{
    /// <summary>After each save: the files' follow-up build must be done before the next, as between a user's saves.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);

    public static async Task RunAsync(Report report, int iterations)
    {
        using var work = new TempDirectory("devloop-bench-hot");
        var reference = await DotNetWatchAsync(work, iterations);
        var docker = await DockerAsync(work, iterations);
        var (one, three) = await KubernetesAsync(work, iterations);

        var baseline = Stats.Median(reference);
        report.Add("`dotnet watch`, local process: save → new code answering (median)", Stats.Describe(reference), "reference");
        foreach (var (name, measured) in new[] { ("docker", docker), ("kubernetes, 1 replica", one), ("kubernetes, 3 replicas", three) })
        {
            var median = Stats.Median(measured.Serving);
            report.Add($"{name}, devloop watch: save → new code answering (median)", Stats.Describe(measured.Serving), "≤ 100 ms");
            report.Add($"{name}: against `dotnet watch` (ratio of medians)", (median / baseline).ToString("F2", CultureInfo.InvariantCulture) + "x", "≤ 1.5x");
            report.Add(
                $"{name}: compile (done ahead, while the save settled, in {measured.Ahead} of {measured.Compile.Count} saves); save settled → applied everywhere, as watch reports it (medians)",
                $"{Ms(Stats.Median(measured.Compile))}; {Ms(Stats.Median(measured.Applied))}",
                "reported");
        }
    }

    private static async Task<List<double>> DotNetWatchAsync(TempDirectory work, int iterations)
    {
        var project = new BenchProject(work.Combine("dotnet-watch"));
        project.WithoutDevLoop();
        project.SetMessageBody("v1");
        await using var watch = await DotNetWatchProcess.StartAsync(project.Dir, "v1");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var serving = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var message = "watch-" + i;
            var save = Stopwatch.StartNew();
            project.SetMessageBody(message);
            await ServingAsync(new[] { watch.Url }, message, watch.Lines());
            serving.Add(save.Elapsed.TotalMilliseconds);
            await Task.Delay(Settle);
        }

        if (!watch.Lines().Any(l => l.Contains("changes applied", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException("dotnet watch did not say it hot reloaded:\n" + string.Join('\n', watch.Lines()));
        }

        return serving;
    }

    private static async Task<Measured> DockerAsync(TempDirectory work, int iterations)
    {
        var project = new BenchProject(work.Combine("docker"));
        project.SetMessageBody("v1");
        (await project.BuildAsync()).EnsureSuccess("docker project build");
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, project.OutputDir, SampleApp.Assembly, FreePort.Next());
        await Http.WaitForAsync(container.Url, b => b == "v1", TimeSpan.FromSeconds(60));
        await using var watch = ToolProcess.StartWatch(project.Dir, project.Properties.Concat(new[] { "-v", "-p:DevLoopTarget=docker", "-p:DevLoopContainer=" + container.Name }));
        await WaitForStartupAsync(watch);
        return await MeasureAsync(watch, project, new[] { container.Url }, "d", iterations);
    }

    private static async Task<(Measured One, Measured Three)> KubernetesAsync(TempDirectory work, int iterations)
    {
        await using var server = await KubeApiServer.StartAsync();
        var kubeconfig = server.WriteKubeconfig(work.Combine("kubeconfig.yaml"), context: "kind-devloop-bench");
        var one = await DeploymentAsync(server, kubeconfig, work, "hot1", 1, iterations);
        var three = await DeploymentAsync(server, kubeconfig, work, "hot3", 3, iterations);
        return (one, three);
    }

    private static async Task<Measured> DeploymentAsync(KubeApiServer server, string kubeconfig, TempDirectory work, string name, int replicas, int iterations)
    {
        var project = new BenchProject(work.Combine(name));
        project.SetMessageBody("v1");
        (await project.BuildAsync()).EnsureSuccess(name + " build");
        return await BenchDeployment.WatchAsync(server, kubeconfig, project, name, replicas, WaitForStartupAsync, (watch, urls) => MeasureAsync(watch, project, urls, name, iterations));
    }

    /// <summary>Hot reload on, and the warm emit's proof and warm-up (5–6 s of one core at watch's start) done: the saves measured are those of a watch at work.</summary>
    private static async Task WaitForStartupAsync(ToolProcess watch)
    {
        await watch.WaitForAsync("Hot reload is on", 0, TimeSpan.FromMinutes(3));
        await watch.WaitForAsync("Edits hot reload cannot apply are compiled in process", 0, TimeSpan.FromMinutes(3));
    }

    private static async Task<Measured> MeasureAsync(ToolProcess watch, BenchProject project, IReadOnlyList<string> urls, string prefix, int iterations)
    {
        var measured = new Measured(new List<double>(), new List<double>(), new List<double>());
        var ahead = 0;
        await Task.Delay(TimeSpan.FromSeconds(2));
        for (var i = 0; i < iterations; i++)
        {
            var message = $"{prefix}-{i}";
            var applied = watch.Count("hot reload: 1 change applied");
            var followed = watch.Count("The files follow the code the apps run");
            var save = Stopwatch.StartNew();
            project.SetMessageBody(message);
            await ServingAsync(urls, message, watch.Lines);
            measured.Serving.Add(save.Elapsed.TotalMilliseconds);
            await watch.WaitForAsync("hot reload: 1 change applied", applied, TimeSpan.FromSeconds(30));
            var line = watch.Lines.Last(l => l.Contains("hot reload: 1 change applied", StringComparison.Ordinal));
            var match = Applied().Match(line);
            measured.Applied.Add(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
            measured.Compile.Add(double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
            ahead += match.Groups[3].Success ? 1 : 0;
            await watch.WaitForAsync("The files follow the code the apps run", followed, TimeSpan.FromSeconds(60));
            await Task.Delay(Settle);
        }

        return measured with { Ahead = ahead };
    }

    /// <summary>Every URL answers the message: polled every few milliseconds, since the answer comes in tens of them.</summary>
    internal static async Task ServingAsync(IReadOnlyList<string> urls, string message, IEnumerable<string> output)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        var pending = urls.ToList();
        while (pending.Count > 0)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"{pending[0]} did not answer '{message}':\n{string.Join('\n', output.TakeLast(40))}");
            }

            var answers = await Task.WhenAll(pending.Select(async u =>
            {
                try
                {
                    return (u, await client.GetStringAsync(u));
                }
                catch (HttpRequestException)
                {
                    return (u, string.Empty);
                }
            }));
            pending = answers.Where(a => a.Item2 != message).Select(a => a.u).ToList();
            if (pending.Count > 0)
            {
                await Task.Delay(2);
            }
        }
    }

    [GeneratedRegex(@"applied to .* in ([0-9]+) ms \(compile ([0-9]+) ms( ahead)?")]
    private static partial Regex Applied();

    private static string Ms(double milliseconds) => milliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms";

    /// <param name="Applied">From the save settled (due) to applied in every target.</param>
    /// <param name="Ahead">How many saves were compiled ahead, while they settled.</param>
    private sealed record Measured(List<double> Serving, List<double> Applied, List<double> Compile, int Ahead = 0);
}
