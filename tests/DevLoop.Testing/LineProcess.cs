using System.Collections.Concurrent;
using System.Diagnostics;

namespace DevLoop.Testing;

/// <summary>A process whose output lines a test waits for, one match at a time; killed on dispose.</summary>
public sealed class LineProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly ConcurrentQueue<string> _seen = new();

    private LineProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _lines.Add(e.Data); _seen.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _seen.Enqueue("stderr: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Every line so far, stdout and stderr ("stderr: " first).</summary>
    public IReadOnlyCollection<string> Seen => _seen.ToArray();

    public static LineProcess Start(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return new LineProcess(Process.Start(start)!);
    }

    /// <summary>The next stdout line that matches, skipping the others; fails after 30 s with what was printed.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            while (_lines.TryTake(out var line))
            {
                if (match(line))
                {
                    return line;
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The process did not print the line. It printed:\n" + string.Join('\n', _seen.TakeLast(20)));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
        _process.Dispose();
        _lines.Dispose();
    }
}
