namespace DevLoop.Cli.Building;

/// <summary>
/// One build or in-process emit at a time across the services of one watch: MSBuild in this process
/// runs one build at a time, and services that share a class library must not write its output while
/// another reads or builds it. A single project's watch has a gate of its own that nothing contends for.
/// </summary>
internal sealed class BuildGate
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Pass(_one);
    }

    private sealed class Pass(SemaphoreSlim one) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                one.Release();
            }
        }
    }
}
