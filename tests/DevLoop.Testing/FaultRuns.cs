using System.Diagnostics;
using System.Text;

namespace DevLoop.Testing;

/// <summary>
/// Runs a scenario a number of times (DEVLOOP_FAULT_RUNS, 2 by default in the test command; the
/// runner, tests/run-faults.sh, asks for more), each under a deadline that counts as a hang, and adds
/// its row to the table file DEVLOOP_FAULT_TABLE when one is given. The targets for every row: a whole
/// version after every run, nothing lost, nothing corrupt or mixed, no hang, a true message, and a
/// next sync that works.
/// </summary>
public static class FaultRuns
{
    private static readonly SemaphoreSlim TableLock = new(1, 1);

    public static int Count =>
        int.TryParse(Environment.GetEnvironmentVariable("DEVLOOP_FAULT_RUNS"), out var runs) && runs > 0 ? runs : 2;

    public static TimeSpan HangAfter { get; } = TimeSpan.FromMinutes(5);

    /// <param name="targetMayGo">The scenario removes the target: a run may find nothing left (no mix either).</param>
    public static async Task RunAsync(string scenario, Func<int, CancellationToken, Task<FaultOutcome>> once, bool targetMayGo = false)
    {
        var outcomes = new List<FaultOutcome>();
        var hangs = 0;
        var failures = new List<string>();
        for (var run = 0; run < Count; run++)
        {
            using var deadline = new CancellationTokenSource(HangAfter);
            var attempt = once(run, deadline.Token);
            var clock = Stopwatch.StartNew();
            if (await Task.WhenAny(attempt, Task.Delay(HangAfter + TimeSpan.FromSeconds(30))) != attempt)
            {
                // The run still holds its containers and session: the next one would not start clean.
                hangs++;
                failures.Add($"run {run}: no end after {clock.Elapsed.TotalSeconds:F0} s; the other runs were not made");
                break;
            }

            FaultOutcome outcome;
            try
            {
                outcome = await attempt;
            }
            catch (Exception e)
            {
                // A run that breaks counts against every promise: its row says so.
                outcome = new FaultOutcome(new VersionFound("error", null, e.Message), $"(the run failed: {e.GetType().Name}: {e.Message})", false, false, false);
            }

            outcomes.Add(outcome);
            var whole = outcome.Found.Whole || (targetMayGo && outcome.Found.IsGone);
            if (!whole || outcome.Lost || !outcome.MessageTrue || !outcome.NextSyncOk)
            {
                failures.Add($"run {run}: {outcome}");
            }
        }

        await AddRowAsync(scenario, outcomes, hangs);
        Assert.True(failures.Count == 0, scenario + ":\n" + string.Join('\n', failures));
    }

    private static async Task AddRowAsync(string scenario, IReadOnlyList<FaultOutcome> outcomes, int hangs)
    {
        var table = Environment.GetEnvironmentVariable("DEVLOOP_FAULT_TABLE");
        if (string.IsNullOrEmpty(table))
        {
            return;
        }

        // One message for each kind (its code), as the first run gave it.
        var messages = outcomes.GroupBy(o => o.Message.Split(':')[0]).Select(g => g.First().Message).Take(2).Select(m => m.Length > 160 ? m[..157] + "…" : m);
        var row = new StringBuilder("| ").Append(scenario)
            .Append(" | ").Append(outcomes.Count + hangs)
            .Append(" | ").Append(outcomes.Count(o => o.Found.Whole)).Append(outcomes.Any(o => o.Found.IsGone) ? $" (and {outcomes.Count(o => o.Found.IsGone)} with the target gone)" : string.Empty)
            .Append(" | ").Append(outcomes.Count(o => o.Lost))
            .Append(" | ").Append(outcomes.Count(o => o.Found.Corrupt))
            .Append(" | ").Append(hangs)
            .Append(" | ").Append(outcomes.Count(o => o.NextSyncOk))
            .Append(" | ").Append(string.Join(" / ", messages).Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' '))
            .Append(" |\n");
        await TableLock.WaitAsync();
        try
        {
            await File.AppendAllTextAsync(table, row.ToString());
        }
        finally
        {
            TableLock.Release();
        }
    }
}
