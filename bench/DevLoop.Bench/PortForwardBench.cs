using System.Diagnostics;
using System.Globalization;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.Bench;

/// <summary>
/// One HTTP request through `dotnet devloop watch`'s DevLoopPortForward (API server → pods/portforward
/// WebSocket → the pod's port) beside the same request straight to the pod's port, in the same run: on
/// a new connection each time (each one a new WebSocket), and on one kept-alive connection.
/// </summary>
internal static class PortForwardBench
{
    public static async Task RunAsync(Report report, int iterations)
    {
        var requests = Math.Max(20, iterations * 5);
        using var work = new TempDirectory("devloop-bench-port-forward");
        await using var server = await KubeApiServer.StartAsync();
        var kubeconfig = server.WriteKubeconfig(work.Combine("kubeconfig.yaml"), context: "kind-devloop-bench");
        var project = new BenchProject(work.Combine("forward"));
        project.SetMessage("forwarded");
        var local = FreePort.Next();
        project.SetProperties($"<DevLoopPortForward>{local}:8080</DevLoopPortForward>");
        (await project.BuildAsync()).EnsureSuccess("port-forward project build");
        var (direct, forwarded, directKept, forwardedKept) = await BenchDeployment.WatchAsync(
            server,
            kubeconfig,
            project,
            "forward",
            1,
            watch => watch.WaitForAsync($"Forwarding 127.0.0.1:{local}", 0, TimeSpan.FromMinutes(3)),
            async (_, urls) =>
            {
                var via = $"http://127.0.0.1:{local}/";
                await Http.WaitForAsync(via, b => b == "forwarded", TimeSpan.FromSeconds(60));
                return (
                    await TimeAsync(urls[0], requests, newConnection: true),
                    await TimeAsync(via, requests, newConnection: true),
                    await TimeAsync(urls[0], requests, newConnection: false),
                    await TimeAsync(via, requests, newConnection: false));
            },
            verbose: false);

        report.Add($"one request straight to the pod's port, a new connection each (median of {requests})", Stats.Describe(direct), "reference");
        report.Add($"one request through DevLoopPortForward, a new connection (a new WebSocket) each (median of {requests})", Stats.Describe(forwarded), "reported");
        report.Add("port-forward overhead per new connection: difference and ratio of medians", Overhead(forwarded, direct), "reported");
        report.Add($"one request straight to the pod's port on a kept-alive connection (median of {requests})", Stats.Describe(directKept), "reference");
        report.Add($"one request through DevLoopPortForward on a kept-alive connection (median of {requests})", Stats.Describe(forwardedKept), "reported");
        report.Add("port-forward overhead per request on an open connection: difference and ratio of medians", Overhead(forwardedKept, directKept), "reported");
    }

    private static async Task<List<double>> TimeAsync(string url, int requests, bool newConnection)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await GetAsync(client, url, newConnection);
        var times = new List<double>();
        for (var i = 0; i < requests; i++)
        {
            var watch = Stopwatch.StartNew();
            await GetAsync(client, url, newConnection);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    private static async Task GetAsync(HttpClient client, string url, bool newConnection)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.ConnectionClose = newConnection;
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsStringAsync();
    }

    private static string Overhead(List<double> measured, List<double> reference) =>
        $"{(Stats.Median(measured) - Stats.Median(reference)).ToString("F1", CultureInfo.InvariantCulture)} ms, {(Stats.Median(measured) / Stats.Median(reference)).ToString("F1", CultureInfo.InvariantCulture)}x";
}
