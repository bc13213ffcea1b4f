using System.Diagnostics;
using System.Globalization;
using DevLoop.Core.Channels;
using DevLoop.Core.Logging;
using DevLoop.Targets.Providers;
using DevLoop.Targets.Sessions;
using DevLoop.Targets.Settings;
using DevLoop.Testing;

namespace DevLoop.Bench;

/// <summary>
/// DevLoop's own CPU per sync on kubernetes, 1 replica against 3: this process holds one session as
/// watch does (the same DevLoopSession, following the pods' logs and the informer) and syncs a
/// one-DLL change with restart; the tool's CPU is this process's during the sync, the agents' is read
/// from /proc. Nothing else runs here: the API test server is a child process and no build runs in
/// between (in watch, the build's just-in-time compilation goes on in the background after it
/// ends, and would be counted). The apps' start-ups are not counted.
/// </summary>
internal static class ReplicaCpuBench
{
    public static async Task RunAsync(Report report, int iterations)
    {
        using var work = new TempDirectory("devloop-bench-replica-cpu");
        var outputs = new[] { await SampleApp.BuildAsync(work.Combine("a"), "v1"), await SampleApp.BuildAsync(work.Combine("b"), "v2") };
        var image = await Testing.Docker.BakeImageAsync(Testing.Docker.StockImage, outputs[0]);
        var kubeconfig = work.Combine("kubeconfig.yaml");
        using var host = StartHost(kubeconfig);
        try
        {
            await ExpectAsync(host, "serving");
            await using var one = await Deployment.OpenAsync(host, kubeconfig, image, outputs, work, "cpu1", 1);
            await using var three = await Deployment.OpenAsync(host, kubeconfig, image, outputs, work, "cpu3", 3);

            // Taking turns, so the process's own warming up (its JIT settling) falls on both alike.
            const int warmUp = 5;
            for (var i = 0; i < warmUp + iterations; i++)
            {
                await one.SyncAsync(i, counted: i >= warmUp);
                await three.SyncAsync(i, counted: i >= warmUp);
            }

            report.Add("kubernetes, no build in between: tool CPU per sync, 1 replica / 3 replicas (median)", $"{Ms(Stats.Median(one.Tool))} / {Ms(Stats.Median(three.Tool))}", "reported");
            report.Add("kubernetes, no build in between: agents' CPU per sync, 1 replica / 3 replicas (median)", $"{Ms(Stats.Median(one.Agents))} / {Ms(Stats.Median(three.Agents))}", "reported");
            var totalOne = one.Tool.Zip(one.Agents, (t, a) => t + a).ToList();
            var totalThree = three.Tool.Zip(three.Agents, (t, a) => t + a).ToList();
            report.Add("kubernetes, no build in between: DevLoop's own CPU per sync (tool + agents), 1 / 3 replicas (median)", $"{Stats.Describe(totalOne)} / {Stats.Describe(totalThree)}", "reported");
            report.Add("kubernetes: DevLoop's own CPU per extra replica (3 against 1, difference of medians / 2)", Ms((Stats.Median(totalThree) - Stats.Median(totalOne)) / 2), "≤ 40 ms");
        }
        finally
        {
            await host.StandardInput.WriteLineAsync("quit");
            await host.WaitForExitAsync();
            await Testing.Docker.RunAsync("rmi", "-f", image);
        }
    }

    private static Process StartHost(string kubeconfig)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "exec", typeof(ReplicaCpuBench).Assembly.Location, KubeServerHost.Flag, kubeconfig })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static async Task ExpectAsync(Process host, string line)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await host.StandardOutput.ReadLineAsync(timeout.Token) is { } read)
        {
            if (read == line)
            {
                return;
            }
        }

        throw new InvalidOperationException($"the API test server host ended before '{line}'");
    }

    private static void CopyOutput(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }

    private static double OwnCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalMilliseconds;
    }

    private static string Ms(double milliseconds) => milliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>One deployment and the session held on it, as watch holds one.</summary>
    private sealed class Deployment : IAsyncDisposable
    {
        private readonly DevLoopSession _session;
        private readonly string[] _outputs;
        private readonly string _output;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _following;

        private Deployment(DevLoopSession session, string[] outputs, string output)
        {
            _session = session;
            _outputs = outputs;
            _output = output;
            _following = session.Targets.FollowAsync(new QuietObserver(), _stop.Token);
        }

        public List<double> Tool { get; } = new();

        public List<double> Agents { get; } = new();

        public static async Task<Deployment> OpenAsync(Process host, string kubeconfig, string image, string[] outputs, TempDirectory work, string name, int replicas)
        {
            await host.StandardInput.WriteLineAsync($"deploy {name} {replicas} {image}");
            await ExpectAsync(host, "ready " + name);
            var output = work.Combine(name + "-out");
            CopyOutput(outputs[0], output);
            var settings = DevLoopSettings.From(new Dictionary<string, string?>
            {
                ["DevLoopTarget"] = "kubernetes",
                ["DevLoopKubeconfig"] = kubeconfig,
                ["DevLoopWorkload"] = "deployment/" + name,
                ["DevLoopNamespace"] = "bench",
                ["TargetDir"] = output,
                ["DevLoopStateDir"] = work.Combine(name + "-state"),
            });
            return new Deployment(await DevLoopSession.OpenAsync(settings, NullLog.Instance, CancellationToken.None), outputs, output);
        }

        /// <summary>Sync number <paramref name="i"/>: the other version of the app, restarted in every replica.</summary>
        public async Task SyncAsync(int i, bool counted)
        {
            CopyOutput(_outputs[(i + 1) % 2], _output);
            var agentsBefore = ToolCpu.OfCommandLine("DevLoop.Agent.dll");
            var toolBefore = OwnCpu();
            var result = await _session.SyncAsync(CancellationToken.None);
            var toolAfter = OwnCpu();
            var agentsAfter = ToolCpu.OfCommandLine("DevLoop.Agent.dll");
            if (result.Restart != DevLoop.Core.Sync.RestartOutcome.Restarted)
            {
                throw new InvalidOperationException($"sync {i} of {result.Target} did not restart: {result.Restart}");
            }

            if (counted)
            {
                Tool.Add(toolAfter - toolBefore);
                Agents.Add(agentsAfter.Sum(p => p.Value - agentsBefore.GetValueOrDefault(p.Key)));
            }

            await Task.Delay(300);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _following.ContinueWith(_ => { });
            await _session.DisposeAsync();
            _stop.Dispose();
        }
    }

    private sealed class QuietObserver : ISessionObserver
    {
        public void AppOutput(string source, string line, bool isError)
        {
        }

        public Task<bool> TargetReadyAsync(string name, SyncTarget target, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
