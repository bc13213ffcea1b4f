using System.Diagnostics;
using DevLoop.Testing;

namespace DevLoop.Bench;

/// <summary>
/// The edit corpus (<see cref="EditCorpus"/>), applied one edit at a time to the same app twice: under
/// `dotnet devloop watch` into a Docker container, and under `dotnet watch` run locally. For each edit,
/// what each did (a delta, a restart, a compile error) and whether the app then answered right.
/// </summary>
internal static class EditCorpusBench
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    public static async Task RunAsync(Report report)
    {
        using var work = new TempDirectory("devloop-bench-corpus");
        var devloop = Corpus(new BenchProject(work.Combine("devloop")));
        var reference = Corpus(new BenchProject(work.Combine("dotnet-watch")));
        reference.WithoutDevLoop();
        (await devloop.BuildAsync()).EnsureSuccess("corpus build");
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, devloop.OutputDir, SampleApp.Assembly, FreePort.Next());
        await Http.WaitForAsync(container.Url, b => b == "m0", TimeSpan.FromSeconds(60));
        await using var watch = ToolProcess.StartWatch(devloop.Dir, devloop.Properties.Concat(new[] { "-p:DevLoopTarget=docker", "-p:DevLoopContainer=" + container.Name }));
        await watch.WaitForAsync("Hot reload is on", 0, TimeSpan.FromMinutes(3));
        await using var dotnetWatch = await DotNetWatchProcess.StartAsync(reference.Dir, "m0");

        var devloopDeltas = 0;
        var referenceDeltas = 0;
        var wrong = 0;
        foreach (var edit in EditCorpus.Edits)
        {
            var ours = await ApplyAsync(devloop, edit, container.Url, () => watch.Lines.ToList(), Classify.DevLoop);
            var theirs = await ApplyAsync(reference, edit, dotnetWatch.Url, dotnetWatch.Lines, Classify.DotNetWatch);
            devloopDeltas += ours.What == "delta" ? 1 : 0;
            referenceDeltas += theirs.What == "delta" ? 1 : 0;
            wrong += ours.Correct ? 0 : 1;
            report.Add(edit.Kind, $"DevLoop: {ours} · dotnet watch: {theirs}", "correct");
        }

        // What each tool said, for reading a row again.
        var results = Path.Combine(RepoPaths.Root, "bench", "results");
        Directory.CreateDirectory(results);
        File.WriteAllLines(Path.Combine(results, "corpus-devloop-watch.log"), watch.Lines);
        File.WriteAllLines(Path.Combine(results, "corpus-dotnet-watch.log"), dotnetWatch.Lines());
        report.Add("edits applied as deltas, DevLoop / dotnet watch", $"{devloopDeltas} / {referenceDeltas} of {EditCorpus.Edits.Count}", "DevLoop ≥ dotnet watch");
        report.Add("wrong results with DevLoop", wrong.ToString(System.Globalization.CultureInfo.InvariantCulture), "0");
    }

    private static BenchProject Corpus(BenchProject project)
    {
        File.Delete(Path.Combine(project.Dir, "Message.cs"));
        File.WriteAllText(Path.Combine(project.Dir, "Program.cs"), EditCorpus.Program);
        File.WriteAllText(Path.Combine(project.Dir, "Texts.cs"), EditCorpus.Texts);
        return project;
    }

    /// <summary>Applies one edit and waits for the answer it must give; then reads what the tool said it did.</summary>
    private static async Task<Outcome> ApplyAsync(BenchProject project, EditCorpus.Edit edit, string baseUrl, Func<IReadOnlyList<string>> lines, Func<IEnumerable<string>, string> classify)
    {
        var path = Path.Combine(project.Dir, edit.File);
        var text = File.ReadAllText(path);
        if (!text.Contains(edit.From, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The corpus edit '{edit.Kind}' does not apply to {edit.File}:\n{text}");
        }

        var url = baseUrl.TrimEnd('/') + edit.Url;
        var before = await TryGetAsync(url);
        var seen = lines().Count;
        File.WriteAllText(path, text.Replace(edit.From, edit.To, StringComparison.Ordinal));
        var expected = edit.Expected ?? before;
        var clock = Stopwatch.StartNew();
        string? answer = null;
        while (clock.Elapsed < Wait)
        {
            answer = await TryGetAsync(url);
            var said = classify(lines().Skip(seen));
            if (answer == expected && said != "none")
            {
                // Let a restart that follows a refused delta, or an error line, show up before reading it.
                await Task.Delay(TimeSpan.FromSeconds(2));
                return new Outcome(classify(lines().Skip(seen)), answer == expected);
            }

            await Task.Delay(100);
        }

        return new Outcome(classify(lines().Skip(seen)), false, answer);
    }

    private static async Task<string?> TryGetAsync(string url)
    {
        try
        {
            return await Http.GetAsync(url);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private sealed record Outcome(string What, bool Correct, string? Answer = null)
    {
        public override string ToString() => Correct ? $"{What}, right" : $"{What}, WRONG (answered '{Answer}')";
    }

    /// <summary>What a tool's output says it did with a save.</summary>
    private static class Classify
    {
        public static string DevLoop(IEnumerable<string> lines)
        {
            var said = lines.ToList();
            return said.Any(l => l.Contains("error DL5001", StringComparison.Ordinal)) ? "error"
                : said.Any(l => l.Contains("restart needed", StringComparison.Ordinal) || l.Contains("DL5010", StringComparison.Ordinal)) ? "restart"
                : said.Any(l => l.Contains("hot reload: ", StringComparison.Ordinal) && l.Contains("applied", StringComparison.Ordinal)) ? "delta"
                : said.Any(l => l.Contains("nothing to apply", StringComparison.Ordinal)) ? "no change"
                : "none";
        }

        public static string DotNetWatch(IEnumerable<string> lines)
        {
            var said = lines.ToList();
            return said.Any(l => l.Contains("compilation errors", StringComparison.Ordinal) || l.Contains("error CS", StringComparison.Ordinal)) ? "error"
                : said.Any(l => l.Contains("Restart", StringComparison.OrdinalIgnoreCase) || l.Contains("rude edit", StringComparison.OrdinalIgnoreCase) || l.Contains("Started", StringComparison.Ordinal)) ? "restart"
                : said.Any(l => l.Contains("changes applied", StringComparison.Ordinal)) ? "delta"
                : said.Any(l => l.Contains("No C# changes to apply", StringComparison.Ordinal)) ? "no change"
                : "none";
        }
    }
}
