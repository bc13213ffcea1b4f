using DevLoop.Core.Channels;

namespace DevLoop.Docker.Tests;

/// <summary>A Docker channel that counts the execs it starts, one by one and kept open.</summary>
internal sealed class CountingChannel : ITargetChannel, IDuplexExecChannel
{
    private readonly DockerChannel _inner;

    public CountingChannel(DockerChannel inner)
    {
        _inner = inner;
    }

    public int Execs { get; private set; }

    public int DuplexExecs { get; private set; }

    public string DisplayName => _inner.DisplayName;

    public string Identity => _inner.Identity;

    public Task<ExecResult> ExecAsync(IReadOnlyList<string> argv, Stream? stdin, CancellationToken cancellationToken)
    {
        Execs++;
        return _inner.ExecAsync(argv, stdin, cancellationToken);
    }

    public Task<IDuplexExec> StartDuplexAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        DuplexExecs++;
        return _inner.StartDuplexAsync(argv, cancellationToken);
    }

    public Task<bool> DirectoryExistsAsync(string path, CancellationToken cancellationToken) => _inner.DirectoryExistsAsync(path, cancellationToken);
}
