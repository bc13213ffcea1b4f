using System.Diagnostics;

namespace DevLoop.Core.Channels;

/// <summary>The `local` target: commands run as child processes on this machine.</summary>
public sealed class LocalProcessChannel : ITargetChannel, IDuplexExecChannel
{
    public LocalProcessChannel(string sandboxDir)
    {
        Identity = "local:" + Path.GetFullPath(sandboxDir);
        DisplayName = $"local sandbox '{sandboxDir}'";
    }

    public string DisplayName { get; }

    public string Identity { get; }

    public async Task<ExecResult> ExecAsync(IReadOnlyList<string> argv, Stream? stdin, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(argv[0])
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in argv.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start '{argv[0]}'.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (stdin is not null)
        {
            try
            {
                await stdin.CopyToAsync(process.StandardInput.BaseStream, cancellationToken).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The process exited before reading all of its input (EPIPE); its output and exit
                // code, read next, say why.
            }
        }

        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ExecResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    public Task<IDuplexExec> StartDuplexAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo(argv[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in argv.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{argv[0]}'.");
        return Task.FromResult<IDuplexExec>(new LocalDuplexExec(process));
    }

    public Task<bool> DirectoryExistsAsync(string path, CancellationToken cancellationToken) =>
        Task.FromResult(Directory.Exists(path));
}
