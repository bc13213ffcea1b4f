using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DevLoop.Testing;

namespace DevLoop.Bench;

/// <summary>Edit to serving with `dotnet devloop watch` on the local target, split as watch reports it.</summary>
internal static partial class WatchBench
{
    public static async Task RunAsync(Report report, int iterations)
    {
        using var work = new TempDirectory("devloop-bench-watch");
        var project = new BenchProject(work.Combine("app"));
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}/";
        var tool = Path.Combine(RepoPaths.Root, "src", "DevLoop.Cli", "bin", RepoPaths.Configuration, "net10.0", "dotnet-devloop.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = project.Dir };
        foreach (var arg in new[] { "exec", tool, "watch", "--project", project.Dir }.Concat(project.Properties))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_URLS"] = url;
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Http.WaitForAsync(url, b => b == "v1", TimeSpan.FromSeconds(120));
            var total = new List<double>();
            var parts = new Dictionary<string, List<double>> { ["debounce"] = new(), ["build"] = new(), ["sync"] = new(), ["restart"] = new() };
            for (var i = 0; i < iterations; i++)
            {
                var message = "edit" + i;
                var seen = lines.Count(l => l.Contains("Edit to running", StringComparison.Ordinal));
                var watch = Stopwatch.StartNew();
                project.SetMessage(message);
                await Http.WaitForAsync(url, b => b == message, TimeSpan.FromSeconds(60));
                total.Add(watch.Elapsed.TotalMilliseconds);
                while (lines.Count(l => l.Contains("Edit to running", StringComparison.Ordinal)) == seen)
                {
                    await Task.Delay(20);
                }

                var line = lines.Last(l => l.Contains("Edit to running", StringComparison.Ordinal));
                foreach (Match match in Part().Matches(line))
                {
                    parts[match.Groups[1].Value].Add(double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
                }

                await Task.Delay(500);
            }

            report.Add("watch, local target: save → new response (median)", Stats.Describe(total), "reported");
            foreach (var (name, values) in parts)
            {
                report.Add($"watch: {name} (median)", Stats.Describe(values), "reported");
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [GeneratedRegex(@"(debounce|build|sync|restart) (\d+) ms")]
    private static partial Regex Part();
}
