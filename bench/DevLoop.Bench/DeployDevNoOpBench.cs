using System.Diagnostics;
using DevLoop.Testing;

namespace DevLoop.Bench;

/// <summary>`dotnet build /t:DeployDev` with nothing changed, against a plain no-op `dotnet build`.</summary>
internal static class DeployDevNoOpBench
{
    public static async Task RunAsync(Report report, int iterations)
    {
        using var work = new TempDirectory("devloop-bench-noop");
        var project = new BenchProject(work.Combine("app"));
        (await project.BuildAsync()).EnsureSuccess("first build");
        var port = FreePort.Next();
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, project.OutputDir, SampleApp.Assembly, port);
        await Http.WaitForAsync(container.Url, b => b == "v1", TimeSpan.FromSeconds(60));
        var deploy = new[] { "-t:DeployDev", "-p:DevLoopTarget=docker", "-p:DevLoopContainer=" + container.Name };
        (await project.BuildAsync(deploy)).EnsureSuccess("first DeployDev");

        var plain = new List<double>();
        var deployDev = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            plain.Add(await TimeAsync(() => project.BuildAsync()));
            deployDev.Add(await TimeAsync(() => project.BuildAsync(deploy)));
        }

        report.Add("plain no-op `dotnet build` (median)", Stats.Describe(plain), "reference");
        report.Add("no-op `dotnet build /t:DeployDev`, docker target (median)", Stats.Describe(deployDev), "—");
        report.Add("DeployDev overhead over a no-op build (difference of medians)", Stats.Ms(Stats.Median(deployDev) - Stats.Median(plain)), "≤ 300 ms");
    }

    private static async Task<double> TimeAsync(Func<Task<ProcessResult>> action)
    {
        var watch = Stopwatch.StartNew();
        (await action()).EnsureSuccess("build");
        return watch.Elapsed.TotalMilliseconds;
    }
}
