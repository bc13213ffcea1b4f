using System.Diagnostics;
using System.Globalization;
using DevLoop.Core.Logging;
using DevLoop.Targets.Providers;

namespace DevLoop.Targets.Local;

/// <summary>
/// The app of the `local` target: a child process run from the sandbox. Restarts happen inside it
/// (the agent's hook re-execs it with the same PID), so this only starts it once and stops it at the end.
/// </summary>
internal sealed class LocalApp
{
    private readonly IDevLoopLog _log;
    private readonly string _prefix;
    private readonly string _dotnet;
    private Process? _process;
    private volatile bool _stopping;

    public LocalApp(IDevLoopLog log, string prefix, string dotnet)
    {
        _log = log;
        _prefix = prefix;
        _dotnet = dotnet;
    }

    public bool IsRunning => _process is { HasExited: false };

    public void Start(string sandboxDir, string assemblyFile, IReadOnlyDictionary<string, string> environment, ISessionObserver observer)
    {
        var start = new ProcessStartInfo(_dotnet)
        {
            WorkingDirectory = sandboxDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(sandboxDir, assemblyFile));
        foreach (var (name, value) in environment)
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
            {
                start.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                observer.AppOutput(_prefix, e.Data, false);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                observer.AppOutput(_prefix, e.Data, true);
            }
        };
        process.Exited += (_, _) => _ = ReportExitAsync(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        _log.Info($"Started the app from {sandboxDir} (PID {process.Id}).");
    }

    /// <summary>A polite stop first, then a kill after the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        _stopping = true;
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        if (Signals.Terminate(process.Id))
        {
            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
                _log.Detail($"The app did not stop within {grace.TotalSeconds:F0} s; killing it.");
            }
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async Task ReportExitAsync(Process process)
    {
        // Ctrl+C in a terminal reaches the app and the tool together: an exit in the moment before
        // watch stops it is part of stopping, not a crash.
        await Task.Delay(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
        if (!_stopping)
        {
            var code = process.HasExited ? process.ExitCode.ToString(CultureInfo.InvariantCulture) : "?";
            _log.Warning(Core.Errors.ErrorCodes.AppExited, $"The app exited with code {code}. Save a change to build and start it again.");
        }
    }
}
