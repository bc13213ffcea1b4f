using System.Diagnostics;
using DevLoop.Core.Snapshots;
using DevLoop.Testing;

namespace DevLoop.Bench;

/// <summary>Snapshot of a 5,000-file output in which one file changed.</summary>
internal static class SnapshotBench
{
    public static void Run(Report report)
    {
        using var dir = new TempDirectory("devloop-bench-snapshot");
        for (var i = 0; i < 5000; i++)
        {
            dir.Write($"lib/d{i % 50}/f{i}.dll", new string('x', 2000 + i));
        }

        var previous = SnapshotBuilder.Take(dir.Path, null);
        var times = new List<double>();
        for (var run = 0; run < 20; run++)
        {
            var changed = dir.Write("lib/d7/f7.dll", "changed " + run);
            File.SetLastWriteTimeUtc(changed, DateTime.UtcNow.AddSeconds(run + 1));
            var watch = Stopwatch.StartNew();
            var snapshot = SnapshotBuilder.Take(dir.Path, previous);
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (snapshot.HashedCount != 1)
            {
                throw new InvalidOperationException($"expected one file hashed, got {snapshot.HashedCount}");
            }

            previous = snapshot;
        }

        report.Add("snapshot of a 5,000-file output, one file changed (median)", Stats.Describe(times), "≤ 50 ms");
    }
}
