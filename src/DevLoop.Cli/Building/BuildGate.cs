namespace DevLoop.Cli.Building;

/// <summary>
/// What the services of one watch share about building: one build or in-process emit at a time (MSBuild
/// in this process runs one build at a time, and services that share a class library must not write its
/// output while another reads or builds it), the builds they ask for at once gathered into one
/// (<see cref="Together"/>), and the in-process MSBuild they all build with. A single project's watch has
/// a gate of its own that nothing contends for.
/// </summary>
internal sealed class BuildGate : IAsyncDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly object _hostLock = new();

    // Typed loosely so that nothing here names a Microsoft.Build type before MSBuild is registered.
    private IAsyncDisposable? _host;

    public BuildTogether Together { get; } = new();

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Pass(_one);
    }

    /// <summary>The watch's in-process build host, made by <paramref name="create"/> the first time.</summary>
    public IAsyncDisposable InProcessHost(Func<IAsyncDisposable> create)
    {
        lock (_hostLock)
        {
            return _host ??= create();
        }
    }

    public ValueTask DisposeAsync() => _host?.DisposeAsync() ?? ValueTask.CompletedTask;

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
