using System.ComponentModel;
using System.Diagnostics;
using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Config;

namespace DevLoop.Kubernetes.Http;

/// <summary>
/// Runs a kubeconfig user's exec credential plugin once: our environment plus the plugin's env plus
/// KUBERNETES_EXEC_INFO, stdin closed (never interactive), stdout parsed as an ExecCredential.
/// A hung plugin is stopped after the timeout; cancelling kills its whole process tree.
/// </summary>
internal sealed class ExecPluginRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private static readonly string[] SupportedApiVersions = { "client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1" };
    private readonly TimeSpan _timeout;

    public ExecPluginRunner(TimeSpan timeout)
    {
        _timeout = timeout;
    }

    public async Task<ExecCredential> RunAsync(KubeExecPlugin plugin, KubeCluster cluster, CancellationToken cancellationToken)
    {
        EnsureRunnable(plugin);
        var start = new ProcessStartInfo(plugin.Command)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in plugin.Args)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in plugin.Environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["KUBERNETES_EXEC_INFO"] = ExecCredentialRequest.ToJson(plugin, cluster);
        var (exitCode, stdout, stderr) = await RunProcessAsync(start, plugin, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            // stderr is the plugin's message to the user; stdout may hold a credential and is never shown.
            var said = string.IsNullOrWhiteSpace(stderr) ? " and printed nothing on stderr" : ": " + Tail(stderr.Trim(), 2000);
            throw new DevLoopException(ErrorCodes.ExecPluginFailed, $"The exec credential plugin '{plugin.Command}' failed with exit code {exitCode}{said}. Run it yourself to see why; it may need you to log in first.");
        }

        return ExecCredentialResponse.Parse(stdout, plugin);
    }

    private static void EnsureRunnable(KubeExecPlugin plugin)
    {
        if (!SupportedApiVersions.Contains(plugin.ApiVersion, StringComparer.Ordinal))
        {
            throw new DevLoopException(ErrorCodes.ExecPluginInvalid, $"The exec credential plugin '{plugin.Command}' uses apiVersion '{plugin.ApiVersion}', which DevLoop does not support. Use {string.Join(" or ", SupportedApiVersions)} in users[].user.exec.apiVersion.");
        }

        switch (plugin.InteractiveMode)
        {
            case "Never" or "IfAvailable":
                return;
            case "Always":
                throw new DevLoopException(ErrorCodes.ExecPluginInvalid, $"The exec credential plugin '{plugin.Command}' has interactiveMode Always, but DevLoop runs from MSBuild and watch without a terminal to prompt on. Log in with the plugin in a terminal first, then set interactiveMode to IfAvailable if it can answer from its cache.");
            default:
                throw new DevLoopException(ErrorCodes.ExecPluginInvalid, $"The exec credential plugin '{plugin.Command}' has interactiveMode '{plugin.InteractiveMode}'. Use Never, IfAvailable or Always.");
        }
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunProcessAsync(ProcessStartInfo start, KubeExecPlugin plugin, CancellationToken cancellationToken)
    {
        using var process = Start(start, plugin);
        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            KillTree(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new DevLoopException(ErrorCodes.ExecPluginFailed, $"The exec credential plugin '{plugin.Command}' did not finish within {_timeout.TotalSeconds:0.#} s and was stopped. DevLoop runs it without a terminal, so it cannot prompt; if it waits for a login, log in with it in a terminal first.");
        }
    }

    private static Process Start(ProcessStartInfo start, KubeExecPlugin plugin)
    {
        try
        {
            return Process.Start(start) ?? throw new DevLoopException(ErrorCodes.ExecPluginFailed, $"The exec credential plugin '{plugin.Command}' could not be started.");
        }
        catch (Win32Exception e) when (e.NativeErrorCode == 2)
        {
            var where = plugin.Command.Contains('/') || plugin.Command.Contains('\\') ? string.Empty : " on PATH";
            var next = string.IsNullOrWhiteSpace(plugin.InstallHint) ? "Install it, or correct users[].user.exec.command in the kubeconfig." : plugin.InstallHint.Trim();
            throw new DevLoopException(ErrorCodes.ExecPluginNotFound, $"The exec credential plugin '{plugin.Command}' named in the kubeconfig was not found{where}. {next}", e);
        }
        catch (Win32Exception e)
        {
            throw new DevLoopException(ErrorCodes.ExecPluginFailed, $"The exec credential plugin '{plugin.Command}' could not be started: {e.Message}. Check that it is an executable file.", e);
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the deadline and the kill: nothing left to stop.
        }
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : "…" + text[^length..];
}
