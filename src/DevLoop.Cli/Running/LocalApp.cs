using System.Diagnostics;
using DevLoop.Cli.Building;
using DevLoop.Cli.Output;

namespace DevLoop.Cli.Running;

/// <summary>
/// The app of the `local` target: a child process run from the sandbox. Restarts happen inside it
/// (the agent's hook re-execs it with the same PID), so this only starts it once and stops it at the end.
/// </summary>
internal sealed class LocalApp
{
    private readonly ConsoleOutput _output;
    private readonly string _prefix;
    private Process? _process;

    public LocalApp(ConsoleOutput output, string prefix)
    {
        _output = output;
        _prefix = prefix;
    }

    public bool IsRunning => _process is { HasExited: false };

    public int? ProcessId => _process?.Id;

    public void Start(string sandboxDir, string assemblyFile, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(DotNetHost.Path)
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
                _output.App(_prefix, e.Data, false);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _output.App(_prefix, e.Data, true);
            }
        };
        process.Exited += (_, _) => _output.Warning(Core.Errors.ErrorCodes.AppExited, $"The app exited with code {SafeExitCode(process)}. Save a change to build and start it again.");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        _output.Info($"Started the app from {sandboxDir} (PID {process.Id}).");
    }

    /// <summary>A polite stop first, then a kill after the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        process.EnableRaisingEvents = false;
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
                _output.Detail($"The app did not stop within {grace.TotalSeconds:F0} s; killing it.");
            }
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static string SafeExitCode(Process process) => process.HasExited ? process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
}
