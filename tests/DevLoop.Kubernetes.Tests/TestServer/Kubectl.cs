using System.Diagnostics;
using System.Text;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.TestServer;

/// <summary>
/// The real kubectl, pointed at a kubeconfig, with HOME in a temp folder so its discovery cache is its
/// own. It must be installed: these tests fail, never skip, without it.
/// </summary>
internal sealed class Kubectl
{
    public const string Program = "/usr/bin/kubectl";

    private readonly string _kubeconfig;
    private readonly string _home;

    public Kubectl(string kubeconfig, string home)
    {
        Assert.True(File.Exists(Program), $"These tests run the real kubectl (1.32) and it is not at {Program}. Install it (CI installs kubectl 1.32.x from the Kubernetes release binaries).");
        _kubeconfig = kubeconfig;
        _home = home;
        Directory.CreateDirectory(home);
    }

    public async Task<ProcessResult> RunAsync(params string[] arguments) => await RunAsync(null, arguments);

    public async Task<ProcessResult> RunAsync(byte[]? stdin, params string[] arguments)
    {
        using var process = Start(arguments, stdin is not null);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', arguments)} did not finish in 40 s:\n{await stdout}\n{await stderr}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs kubectl and asserts it succeeded; returns its stdout.</summary>
    public async Task<string> OkAsync(params string[] arguments) =>
        (await RunAsync(arguments)).EnsureSuccess("kubectl " + string.Join(' ', arguments)).Stdout;

    /// <summary>A long-running kubectl (logs -f, get -w) whose output is collected as it comes.</summary>
    public Background StartBackground(params string[] arguments) => new(Start(arguments, redirectStdin: false));

    private Process Start(IEnumerable<string> arguments, bool redirectStdin)
    {
        var start = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["KUBECONFIG"] = _kubeconfig;
        start.Environment["HOME"] = _home;
        return Process.Start(start)!;
    }

    public sealed class Background : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly Task _reading;

        public Background(Process process)
        {
            _process = process;
            _reading = Task.WhenAll(Collect(process.StandardOutput), Collect(process.StandardError));
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        /// <summary>Waits for kubectl to end by itself; returns its exit code.</summary>
        public async Task<int> WaitForExitAsync(TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"kubectl did not end within {timeout.TotalSeconds:F0} s. Output so far:\n{Output}");
            }

            await _reading;
            return _process.ExitCode;
        }

        public async Task WaitForOutputAsync(Func<string, bool> condition, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!condition(Output))
            {
                Assert.True(DateTime.UtcNow < deadline, $"kubectl did not print what was expected within {timeout.TotalSeconds:F0} s. Output so far:\n{Output}");
                await Task.Delay(100);
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }

        private async Task Collect(StreamReader reader)
        {
            var buffer = new char[4096];
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0)
            {
                lock (_output)
                {
                    _output.Append(buffer, 0, read);
                }
            }
        }
    }
}
