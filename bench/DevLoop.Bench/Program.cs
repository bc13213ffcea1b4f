using DevLoop.Bench;
using DevLoop.Testing;

// Usage: dotnet run -c Release --project bench/DevLoop.Bench [-- iterations]
var iterations = args.Length > 0 ? int.Parse(args[0]) : 10;
await Docker.EnsureReadyAsync();
var report = new Report();
Console.WriteLine($"DevLoop benchmarks on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
SnapshotBench.Run(report);
await DockerSyncBench.RunAsync(report, iterations);
await DeployDevNoOpBench.RunAsync(report, Math.Max(5, iterations / 2));
await WatchBench.RunAsync(report, Math.Max(5, iterations / 2));
var markdown = report.ToMarkdown();
Console.WriteLine();
Console.WriteLine(markdown);
var results = Path.Combine(RepoPaths.Root, "bench", "results");
Directory.CreateDirectory(results);
File.WriteAllText(Path.Combine(results, $"bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md"), markdown + "\n");
