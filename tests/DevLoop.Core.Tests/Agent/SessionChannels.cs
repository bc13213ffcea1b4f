using DevLoop.Core.Channels;

namespace DevLoop.Core.Tests.Agent;

/// <summary>A local channel that keeps hold of the agent processes it started, so a test can kill one mid-session.</summary>
internal sealed class KillableChannel : ITargetChannel, IDuplexExecChannel
{
    private readonly LocalProcessChannel _inner;

    public KillableChannel(string sandbox, int failStartsAfter = int.MaxValue)
    {
        _inner = new LocalProcessChannel(sandbox);
        FailStartsAfter = failStartsAfter;
    }

    /// <summary>Duplex starts beyond this many fail, as a transport that stopped offering them would.</summary>
    public int FailStartsAfter { get; set; }

    public List<LocalDuplexExec> Started { get; } = new();

    public int Execs { get; private set; }

    public string DisplayName => _inner.DisplayName;

    public string Identity => _inner.Identity;

    public Task<ExecResult> ExecAsync(IReadOnlyList<string> argv, Stream? stdin, CancellationToken cancellationToken)
    {
        Execs++;
        return _inner.ExecAsync(argv, stdin, cancellationToken);
    }

    public Task<bool> DirectoryExistsAsync(string path, CancellationToken cancellationToken) => _inner.DirectoryExistsAsync(path, cancellationToken);

    public async Task<IDuplexExec> StartDuplexAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        if (Started.Count >= FailStartsAfter)
        {
            throw new IOException("duplex execs are refused");
        }

        var exec = (LocalDuplexExec)await _inner.StartDuplexAsync(argv, cancellationToken);
        Started.Add(exec);
        return exec;
    }

    public void KillAgent(int index = -1)
    {
        var exec = Started[index < 0 ? Started.Count + index : index];
        System.Diagnostics.Process.GetProcessById(exec.ProcessId).Kill();
        exec.Completion.Wait(TimeSpan.FromSeconds(10));
    }
}
