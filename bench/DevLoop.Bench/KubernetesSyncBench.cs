using System.Diagnostics;
using System.Globalization;
using DevLoop.Core.Logging;
using DevLoop.Core.Sync;
using DevLoop.Kubernetes.Target;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.Bench;

/// <summary>
/// The kubernetes target against the API test server (pods are real containers on this machine):
/// a one-DLL change from the end of the build to every replica answering with the new code, for 1
/// and 3 replicas, and a replacement pod from Ready to serving the current code.
/// </summary>
internal static class KubernetesSyncBench
{
    private const string Namespace = "bench";

    public static async Task RunAsync(Report report, int iterations)
    {
        using var work = new TempDirectory("devloop-bench-kubernetes");
        var outputs = new[] { await SampleApp.BuildAsync(work.Combine("a"), "v1"), await SampleApp.BuildAsync(work.Combine("a"), "v2") };
        var image = await Testing.Docker.BakeImageAsync(Testing.Docker.StockImage, outputs[0]);
        try
        {
            await using var server = await KubeApiServer.StartAsync();
            var kubeconfig = server.WriteKubeconfig(work.Combine("kubeconfig.yaml"));
            var (one, oneSyncOnly, oneBusy) = await MeasureAsync(server, kubeconfig, image, outputs, "web1", 1, iterations, work.Combine("state1"));
            var (three, threeSyncOnly, threeBusy) = await MeasureAsync(server, kubeconfig, image, outputs, "web3", 3, iterations, work.Combine("state3"));
            report.Add("kubernetes, 1 replica: one-DLL change, end of build → new code answering (median)", Stats.Describe(one), "reported");
            report.Add("kubernetes, 3 replicas: the same, until all 3 answer (median)", Stats.Describe(three), "≤ 1.3x of 1 replica");
            report.Add("kubernetes: 3 replicas / 1 replica (ratio of medians)", (Stats.Median(three) / Stats.Median(one)).ToString("F2", CultureInfo.InvariantCulture) + "x", "≤ 1.3x");
            report.Add("kubernetes: host CPU busy during the syncs, 1 replica / 3 replicas", $"{oneBusy:P0} / {threeBusy:P0} of {Environment.ProcessorCount} cores", "reported");
            report.Add("kubernetes: files only, no restart, 1 replica (median)", Stats.Describe(oneSyncOnly), "reported");
            report.Add("kubernetes: files only, no restart, 3 replicas (median)", Stats.Describe(threeSyncOnly), "reported");
            report.Add("kubernetes: files only, 3 replicas / 1 replica", (Stats.Median(threeSyncOnly) / Stats.Median(oneSyncOnly)).ToString("F2", CultureInfo.InvariantCulture) + "x", "reported");
            var catchUp = await CatchUpAsync(server, kubeconfig, outputs, "web3", Math.Max(3, iterations / 2), work.Combine("state3"));
            report.Add("kubernetes: replacement pod Ready → serving the current code (median)", Stats.Describe(catchUp), "reported");
        }
        finally
        {
            await Testing.Docker.RunAsync("rmi", "-f", image);
        }
    }

    private static async Task<(List<double> Serving, List<double> FilesOnly, double Busy)> MeasureAsync(KubeApiServer server, string kubeconfig, string image, string[] outputs, string name, int replicas, int iterations, string state)
    {
        await server.CreateDeploymentAsync(Namespace, name, replicas, image, command: new[] { "dotnet", "/app/" + SampleApp.Assembly }, readinessPath: "/");
        await server.WaitForReadyPodsAsync(Namespace, new Dictionary<string, string> { ["app"] = name }, replicas, TimeSpan.FromSeconds(120));
        using var target = await KubernetesTarget.OpenAsync(Settings(kubeconfig, name), null, NullLog.Instance, CancellationToken.None);
        var engine = new SyncEngine(NullLog.Instance);
        var targets = await target.ReadyTargetsAsync(CancellationToken.None);
        var urls = targets.Select(t => $"http://127.0.0.1:{server.PodPort(Namespace, ((PodChannel)t.Channel).PodName)}/").ToList();

        // Warm-up: the first sync seeds each pod's shadow copy and the manifest cache.
        await engine.SyncAsync(new SyncRequest(outputs[1], targets, state) { Group = target.Group }, CancellationToken.None);
        await Task.WhenAll(urls.Select(u => Http.WaitForAsync(u, b => b == "v2", TimeSpan.FromSeconds(60))));

        var times = new List<double>();
        var cpuBefore = HostCpu.Read();
        for (var i = 0; i < iterations; i++)
        {
            var next = i % 2;
            var expected = next == 0 ? "v1" : "v2";
            var watch = Stopwatch.StartNew();
            await engine.SyncAsync(new SyncRequest(outputs[next], targets, state) { Group = target.Group }, CancellationToken.None);
            await Task.WhenAll(urls.Select(u => Http.WaitForAsync(u, b => b == expected, TimeSpan.FromSeconds(60))));
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        var busy = HostCpu.BusyBetween(cpuBefore, HostCpu.Read());

        // The same syncs without the restart: what the transport and agent cost, apart from app start-up.
        var filesOnly = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var result = await engine.SyncAsync(new SyncRequest(outputs[i % 2], targets, state, Restart: false) { Group = target.Group }, CancellationToken.None);
            filesOnly.Add(result.Total.TotalMilliseconds);
        }

        // Leave v2 running for the catch-up measurement.
        await engine.SyncAsync(new SyncRequest(outputs[0], targets, state) { Group = target.Group }, CancellationToken.None);
        await engine.SyncAsync(new SyncRequest(outputs[1], targets, state) { Group = target.Group }, CancellationToken.None);
        await Task.WhenAll(urls.Select(u => Http.WaitForAsync(u, b => b == "v2", TimeSpan.FromSeconds(60))));
        return (times, filesOnly, busy);
    }

    /// <summary>Deletes a pod and times its replacement from Ready to answering v2, synced the way watch does it.</summary>
    private static async Task<List<double>> CatchUpAsync(KubeApiServer server, string kubeconfig, string[] outputs, string name, int rounds, string state)
    {
        var labels = new Dictionary<string, string> { ["app"] = name };
        using var target = await KubernetesTarget.OpenAsync(Settings(kubeconfig, name), null, NullLog.Instance, CancellationToken.None);
        var engine = new SyncEngine(NullLog.Instance);
        var times = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var before = (await server.WaitForReadyPodsAsync(Namespace, labels, 3)).Select(PodName).ToHashSet();
            await server.DeletePodAsync(Namespace, before.First());
            var replacement = await WaitForReplacementAsync(target, before);
            var watch = Stopwatch.StartNew();
            await engine.SyncAsync(new SyncRequest(outputs[1], new[] { target.TargetFor(replacement) }, state), CancellationToken.None);
            await Http.WaitForAsync($"http://127.0.0.1:{server.PodPort(Namespace, replacement.Name)}/", b => b == "v2", TimeSpan.FromSeconds(60));
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    private static async Task<DevLoop.Kubernetes.Api.Pod> WaitForReplacementAsync(KubernetesTarget target, IReadOnlySet<string> before)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            var pods = await target.Connection.Api.ListPodsAsync(Namespace, target.Scope.Selector, CancellationToken.None);
            if (pods.Items.FirstOrDefault(p => p.IsReady && !before.Contains(p.Name)) is { } ready)
            {
                return ready;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("no replacement pod became ready");
    }

    private static string PodName(System.Text.Json.Nodes.JsonObject pod) => pod["metadata"]!["name"]!.GetValue<string>();

    private static KubernetesSettings Settings(string kubeconfig, string name) =>
        new(kubeconfig, null, Namespace, null, "deployment/" + name, null, null, "/app", TimeSpan.FromSeconds(60));
}
