using System.Diagnostics;
using System.Globalization;
using DevLoop.Testing;

namespace DevLoop.Bench;

/// <summary>
/// A save in a class library two services share (a field's type: the library and each app compiled in
/// process), save → both containers serve the new code, with `dotnet devloop watch` on the solution; beside
/// the same edit with watch on one of the services alone, in the same run.
/// </summary>
internal static class ServicesBench
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);

    public static async Task RunAsync(Report report, int iterations)
    {
        using var work = new TempDirectory("devloop-bench-services");
        var orders = new BenchProject(work.Combine("orders"));
        orders.UseLibrary();
        var billing = new BenchProject(work.Combine("billing"));
        billing.UseLibraryOf(orders);
        orders.RenameProject("Orders");
        billing.RenameProject("Billing");
        orders.SetMessageWithField("s", 0);
        (await orders.BuildAsync()).EnsureSuccess("orders build");
        (await billing.BuildAsync()).EnsureSuccess("billing build");
        await using var ordersContainer = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, orders.OutputDir, SampleApp.Assembly, FreePort.Next());
        await using var billingContainer = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, billing.OutputDir, SampleApp.Assembly, FreePort.Next());
        orders.SetProperties($"<DevLoopTarget>docker</DevLoopTarget><DevLoopContainer>{ordersContainer.Name}</DevLoopContainer>");
        billing.SetProperties($"<DevLoopTarget>docker</DevLoopTarget><DevLoopContainer>{billingContainer.Name}</DevLoopContainer>");
        var solution = Path.Combine(work.Path, "Shop.slnx");
        File.WriteAllText(solution, $"<Solution>\n  <Project Path=\"orders/Orders.csproj\" />\n  <Project Path=\"billing/Billing.csproj\" />\n  <Project Path=\"{orders.LibraryDir}/BenchLib.csproj\" />\n</Solution>\n");

        List<double> alone;
        await using (var watch = ToolProcess.StartWatch(orders.Dir, orders.Properties.Concat(new[] { "-v" })))
        {
            await watch.WaitForAsync("The warm emit gave the build's own bytes (BenchLib.dll", 0, TimeSpan.FromMinutes(3));
            alone = await MeasureAsync(watch, orders, new[] { ordersContainer.Url }, "alone", iterations);
        }

        List<double> both;
        await using (var watch = ToolProcess.StartWatch(work.Path, orders.Properties.Concat(new[] { "-v" }), project: solution))
        {
            await watch.WaitForAsync("The warm emit gave the build's own bytes (BenchLib.dll", 1, TimeSpan.FromMinutes(4));
            both = await MeasureAsync(watch, orders, new[] { ordersContainer.Url, billingContainer.Url }, "both", iterations);
        }

        report.Add("one service (docker) and the library, devloop watch on the project: library save → new code answering (median)", Stats.Describe(alone), "reference");
        report.Add("two services (two containers) sharing the library, devloop watch on the solution: library save → both answering (median)", Stats.Describe(both), "reported");
        report.Add(
            "two services against one: difference and ratio of medians",
            $"{(Stats.Median(both) - Stats.Median(alone)).ToString("F0", CultureInfo.InvariantCulture)} ms, {(Stats.Median(both) / Stats.Median(alone)).ToString("F2", CultureInfo.InvariantCulture)}x",
            "reported");
    }

    private static async Task<List<double>> MeasureAsync(ToolProcess watch, BenchProject library, IReadOnlyList<string> urls, string prefix, int iterations)
    {
        var serving = new List<double>();
        await Task.Delay(TimeSpan.FromSeconds(2));
        for (var i = 1; i <= iterations; i++)
        {
            var done = watch.Count("Edit to running in");
            var save = Stopwatch.StartNew();
            library.SetMessageWithField(prefix, i);
            await HotReloadBench.ServingAsync(urls, $"{prefix}-{i}", watch.Lines);
            serving.Add(save.Elapsed.TotalMilliseconds);
            await watch.WaitForAsync("Edit to running in", done + urls.Count - 1, TimeSpan.FromSeconds(30));
            await Task.Delay(Settle);
        }

        return serving;
    }
}
