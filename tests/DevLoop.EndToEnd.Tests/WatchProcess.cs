using System.Collections.Concurrent;
using System.Diagnostics;
using DevLoop.Testing;

namespace DevLoop.EndToEnd.Tests;

/// <summary>`dotnet-devloop watch` as a real process, with its output collected line by line.</summary>
public sealed class WatchProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private WatchProcess(Process process)
    {
        _process = process;
    }

    public string Output => string.Join('\n', _lines);

    public int ExitCode => _process.ExitCode;

    public bool HasExited => _process.HasExited;

    public static WatchProcess Start(string toolPath, string workingDirectory, IDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(toolPath) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var watch = new WatchProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { watch._lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { watch._lines.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return watch;
    }

    public Task WaitForOutputAsync(string text, TimeSpan timeout) => WaitForOutputAsync(text, 1, timeout);

    /// <summary>How many lines so far hold the text.</summary>
    public int Count(string text) => _lines.Count(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>Until <paramref name="count"/> lines hold the text.</summary>
    public async Task WaitForOutputAsync(string text, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.Count(l => l.Contains(text, StringComparison.Ordinal)) >= count)
            {
                return;
            }

            Assert.False(_process.HasExited, $"watch exited early with code {(_process.HasExited ? _process.ExitCode : 0)}:\n{Output}");
            await Task.Delay(100);
        }

        throw new TimeoutException($"watch did not print '{text}' {(count == 1 ? string.Empty : $"{count} times ")}within {timeout.TotalSeconds:F0} s:\n{Output}");
    }

    /// <summary>Ctrl+C, as a terminal sends it.</summary>
    public async Task<bool> InterruptAsync(TimeSpan timeout)
    {
        await Run.ProcessAsync("kill", new[] { "-INT", _process.Id.ToString() });
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
