using System.Diagnostics;
using System.Globalization;
using DevLoop.Core.Agent;
using DevLoop.Core.Channels;
using DevLoop.Docker;
using DevLoop.Testing;

namespace DevLoop.Bench;

/// <summary>
/// What one agent request costs in a Docker container: a new `dotnet exec DevLoop.Agent.dll` per
/// request against one frame on a session kept open. Both ask for the generation (no hashing), so the
/// difference is the process start.
/// </summary>
internal static class AgentSessionBench
{
    public static async Task RunAsync(Report report, int iterations)
    {
        using var work = new TempDirectory("devloop-bench-session");
        var output = await SampleApp.BuildAsync(work.Combine("a"), "v1");
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, output, SampleApp.Assembly, FreePort.Next());
        await Http.WaitForAsync(container.Url, b => b == "v1", TimeSpan.FromSeconds(60));

        using var client = DockerApiClient.FromEnvironment();
        var inspect = await DockerContainerResolver.ResolveRunningAsync(client, container.Name, CancellationToken.None);
        var channel = new DockerChannel(client, inspect);
        var target = SyncTarget.WithAgentInAppDir(channel, "/app");
        var argv = new List<string>(target.AgentCommand) { "generation", "--app-dir", "/app" };

        var execs = new List<double>();
        for (var i = 0; i < iterations + 1; i++)
        {
            var watch = Stopwatch.StartNew();
            var result = await channel.ExecAsync(argv, null, CancellationToken.None);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"generation exec failed ({result.ExitCode}): {result.Stderr}");
            }

            if (i > 0)
            {
                execs.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        var open = Stopwatch.StartNew();
        await using var session = await AgentSession.OpenAsync(channel, target, CancellationToken.None);
        var opened = open.Elapsed.TotalMilliseconds;
        var frames = new List<double>();
        for (var i = 0; i < iterations * 10; i++)
        {
            var watch = Stopwatch.StartNew();
            await session.RequestAsync(new SessionRequest("ping"), null, CancellationToken.None);
            frames.Add(watch.Elapsed.TotalMilliseconds);
        }

        report.Add("docker: agent request as a new exec (generation)", Stats.Describe(execs), "—");
        report.Add("docker: agent request as a session frame (ping)", $"{Stats.Median(frames).ToString("F1", CultureInfo.InvariantCulture)} ms (min {frames.Min().ToString("F1", CultureInfo.InvariantCulture)}, max {frames.Max().ToString("F1", CultureInfo.InvariantCulture)}, n={frames.Count})", "~1 ms");
        report.Add("docker: opening the session (exec + hello)", Stats.Ms(opened), "—");
    }
}
