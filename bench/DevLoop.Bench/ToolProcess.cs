using System.Collections.Concurrent;
using System.Diagnostics;
using DevLoop.Testing;

namespace DevLoop.Bench;

/// <summary>`dotnet devloop watch` from this repository's fresh build, as a child process whose output is kept.</summary>
internal sealed class ToolProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ToolProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public IEnumerable<string> Lines => _lines;

    /// <param name="project">The project or solution to watch, when not the folder.</param>
    public static ToolProcess StartWatch(string projectDir, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? project = null)
    {
        var toolDll = Path.Combine(RepoPaths.Root, "src", "DevLoop.Cli", "bin", RepoPaths.Configuration, "net10.0", "dotnet-devloop.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = projectDir };
        foreach (var arg in new[] { "exec", toolDll, "watch", "--project", project ?? projectDir }.Concat(arguments))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var tool = new ToolProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { tool._lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { tool._lines.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return tool;
    }

    public int Count(string text) => _lines.Count(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>Waits until a line with <paramref name="text"/> has been printed more than <paramref name="seen"/> times.</summary>
    public async Task WaitForAsync(string text, int seen, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (Count(text) <= seen)
        {
            if (watch.Elapsed > timeout || _process.HasExited)
            {
                throw new TimeoutException($"watch did not print '{text}':\n{string.Join('\n', _lines)}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
