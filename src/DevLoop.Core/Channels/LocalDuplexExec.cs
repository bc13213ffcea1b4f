using System.Diagnostics;

namespace DevLoop.Core.Channels;

/// <summary>A child process with its stdin and stdout held open (the local target's agent session).</summary>
internal sealed class LocalDuplexExec : IDuplexExec
{
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);

    private readonly Process _process;

    public LocalDuplexExec(Process process)
    {
        _process = process;
        ProcessId = process.Id;
        Completion = CompleteAsync(process.StandardError.ReadToEndAsync());
    }

    public int ProcessId { get; }

    public Stream Input => _process.StandardInput.BaseStream;

    public Stream Output => _process.StandardOutput.BaseStream;

    public Task<ExecResult> Completion { get; }

    /// <summary>Closes stdin (the agent ends at EOF), waits briefly, then kills what is left.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process is gone already; its pipe went with it.
        }

        if (await Task.WhenAny(Completion, Task.Delay(ExitGrace)).ConfigureAwait(false) != Completion)
        {
            _process.Kill(entireProcessTree: true);
        }

        await Completion.ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task<ExecResult> CompleteAsync(Task<string> stderr)
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        return new ExecResult(_process.ExitCode, string.Empty, await stderr.ConfigureAwait(false));
    }
}
