using System.Diagnostics;
using DevLoop.Core.Channels;
using DevLoop.Core.Logging;
using DevLoop.Core.Sync;
using DevLoop.Docker;
using DevLoop.Testing;

namespace DevLoop.Bench;

/// <summary>
/// From the end of the build to the new code answering HTTP, on the docker target, against the naive
/// baseline measured in the same run: copy the output into the container and restart the container.
/// </summary>
internal static class DockerSyncBench
{
    public static async Task RunAsync(Report report, int iterations)
    {
        using var work = new TempDirectory("devloop-bench-docker");
        var outputs = new[] { await SampleApp.BuildAsync(work.Combine("a"), "v1"), await SampleApp.BuildAsync(work.Combine("a"), "v2") };
        var port = FreePort.Next();
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, outputs[0], SampleApp.Assembly, port);
        await Http.WaitForAsync(container.Url, b => b == "v1", TimeSpan.FromSeconds(60));

        using var client = DockerApiClient.FromEnvironment();
        var inspect = await DockerContainerResolver.ResolveRunningAsync(client, container.Name, CancellationToken.None);
        var target = SyncTarget.WithAgentInAppDir(new DockerChannel(client, inspect), "/app");
        var engine = new SyncEngine(NullLog.Instance);
        var state = work.Combine("state");

        // Warm-up: the first sync seeds the shadow copy and the manifest cache.
        try
        {
            await engine.SyncAsync(new SyncRequest(outputs[1], target, state), CancellationToken.None);
        }
        catch (Core.Errors.DevLoopException)
        {
            Console.WriteLine(await container.LogsAsync());
            Console.WriteLine(await container.InspectAsync("{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}"));
            throw;
        }
        await Http.WaitForAsync(container.Url, b => b == "v2", TimeSpan.FromSeconds(60));

        var devloop = new List<double>();
        var syncOnly = new List<double>();
        var payloadRatios = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var next = i % 2 == 0 ? 0 : 1;
            var expected = next == 0 ? "v1" : "v2";
            var watch = Stopwatch.StartNew();
            var result = await engine.SyncAsync(new SyncRequest(outputs[next], target, state), CancellationToken.None);
            syncOnly.Add(result.Total.TotalMilliseconds);
            try
            {
                await Http.WaitForAsync(container.Url, b => b == expected, TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                Console.WriteLine($"sync: put {result.FilesPut}, deleted {result.FilesDeleted}, restart {result.Restart}");
                Console.WriteLine(await container.LogsAsync());
                throw;
            }
            devloop.Add(watch.Elapsed.TotalMilliseconds);
            payloadRatios.Add(result.PayloadBytes / (double)ChangedBytes(outputs[next], outputs[1 - next]));
        }

        // The baseline gets a container of its own with the hook off: after a container restart an
        // app DevLoop synced resumes from its synced copy, which is exactly not the naive flow.
        var naivePort = FreePort.Next();
        await using var plain = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, outputs[0], SampleApp.Assembly, naivePort, "-e", "DEVLOOP_DISABLE_HOOK=1");
        await Http.WaitForAsync(plain.Url, b => b == "v1", TimeSpan.FromSeconds(60));
        var naive = new List<double>();
        for (var i = 1; i <= Math.Min(iterations, 5); i++)
        {
            var next = i % 2 == 0 ? 0 : 1;
            var expected = next == 0 ? "v1" : "v2";
            var watch = Stopwatch.StartNew();
            await Testing.Docker.OkAsync("cp", outputs[next] + "/.", plain.Name + ":/app/");
            await Testing.Docker.OkAsync("restart", "-t", "10", plain.Name);
            await Http.WaitForAsync(plain.Url, b => b == expected, TimeSpan.FromSeconds(60));
            naive.Add(watch.Elapsed.TotalMilliseconds);
        }

        report.Add("docker: one-DLL change, end of build → new code answering HTTP (median)", Stats.Describe(devloop), "≤ 700 ms");
        report.Add("docker: of which sync + restart request (median)", Stats.Describe(syncOnly), "—");
        report.Add("docker: naive baseline, docker cp + docker restart → answering (median)", Stats.Describe(naive), "reference");
        report.Add("bytes on the wire / bytes of the files that changed (one-line change, median)", Stats.Median(payloadRatios).ToString("F2") + "x", "≤ 1.5x");
    }

    private static long ChangedBytes(string newOutput, string oldOutput) =>
        Directory.EnumerateFiles(newOutput, "*", SearchOption.AllDirectories)
            .Where(f =>
            {
                var old = Path.Combine(oldOutput, Path.GetRelativePath(newOutput, f));
                return !File.Exists(old) || !File.ReadAllBytes(old).AsSpan().SequenceEqual(File.ReadAllBytes(f));
            })
            .Sum(f => new FileInfo(f).Length);
}
