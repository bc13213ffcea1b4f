using DevLoop.Bench;
using DevLoop.Testing;

if (args.Length == 2 && args[0] == KubeServerHost.Flag)
{
    return await KubeServerHost.RunAsync(args[1]);
}

// Usage: dotnet run -c Release --project bench/DevLoop.Bench [-- iterations] [--only=snapshot|docker|session|kubernetes|deploydev|watch|warm|warm-kubernetes|replica-cpu|hotreload|warmemit|corpus|build|services|portforward]
var iterations = args.Where(a => a.All(char.IsDigit)).Select(int.Parse).DefaultIfEmpty(10).First();
var only = args.FirstOrDefault(a => a.StartsWith("--only=", StringComparison.Ordinal))?["--only=".Length..];
bool Runs(string name) => only is null || only == name;
await DevLoop.Testing.Docker.EnsureReadyAsync();
var report = new Report();
Console.WriteLine($"DevLoop benchmarks on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
if (Runs("snapshot"))
{
    SnapshotBench.Run(report);
}

if (Runs("docker"))
{
    await DockerSyncBench.RunAsync(report, iterations);
}

if (Runs("session"))
{
    await AgentSessionBench.RunAsync(report, iterations);
}

if (Runs("kubernetes"))
{
    await KubernetesSyncBench.RunAsync(report, iterations);
}

if (Runs("deploydev"))
{
    await DeployDevNoOpBench.RunAsync(report, Math.Max(5, iterations / 2));
}

if (Runs("watch"))
{
    await WatchBench.RunAsync(report, Math.Max(5, iterations / 2));
}

if (Runs("warm") || only == "warm-kubernetes")
{
    await WarmWatchBench.RunAsync(report, iterations, kubernetesOnly: only == "warm-kubernetes");
}

if (Runs("hotreload"))
{
    await HotReloadBench.RunAsync(report, iterations);
}

if (Runs("warmemit"))
{
    await WarmEmitBench.RunAsync(report, iterations);
}

if (Runs("services"))
{
    await ServicesBench.RunAsync(report, iterations);
}

if (Runs("portforward"))
{
    await PortForwardBench.RunAsync(report, iterations);
}

if (Runs("corpus"))
{
    await EditCorpusBench.RunAsync(report);
}

if (Runs("replica-cpu"))
{
    await ReplicaCpuBench.RunAsync(report, iterations);
}

if (Runs("build"))
{
    // Registered here, before BuildWayBench's methods are compiled: MSBuild must load from the SDK.
    var sdk = MSBuildRegistration.Register();
    await BuildWayBench.RunAsync(report, iterations, $"SDK {sdk.Version}, {sdk.MSBuildPath}");
}
var markdown = report.ToMarkdown();
Console.WriteLine();
Console.WriteLine(markdown);
var results = Path.Combine(RepoPaths.Root, "bench", "results");
Directory.CreateDirectory(results);
File.WriteAllText(Path.Combine(results, $"bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md"), markdown + "\n");
return 0;
