using System.Diagnostics;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>The outcome of one docker CLI run.</summary>
public sealed record DockerResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Ok => ExitCode == 0;

    public string Output => (Stdout + Stderr).Trim();

    public DockerResult ThrowIfFailed(string what) =>
        Ok ? this : throw new InvalidOperationException($"{what}: docker exited with {ExitCode}: {Output}");
}

/// <summary>The docker CLI: how the server's kubelet starts, watches, stops and removes containers.</summary>
public static class DockerCli
{
    /// <summary>Runs docker to completion; cancelling kills it.</summary>
    public static async Task<DockerResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        using var process = Start(arguments, redirectStdin: false);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new DockerResult(process.ExitCode, await stdout, await stderr);
    }

    public static Task<DockerResult> RunAsync(CancellationToken cancellationToken, params string[] arguments) => RunAsync(arguments, cancellationToken);

    /// <summary>Starts docker with its output (and optionally input) redirected, for streaming.</summary>
    public static Process Start(IEnumerable<string> arguments, bool redirectStdin)
    {
        var start = new ProcessStartInfo("docker")
        {
            RedirectStandardInput = redirectStdin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("docker did not start");
    }
}
