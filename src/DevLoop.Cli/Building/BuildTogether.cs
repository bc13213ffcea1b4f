namespace DevLoop.Cli.Building;

/// <summary>
/// Gathers the builds that the services of one watch ask for while they work on the same saves, so that
/// one build makes them all: a save that several services must build (a shared library's project file,
/// Directory.Build.props, the first build) is built once, with every service that needs it, rather than
/// once per service. A service is "deciding" from the moment it sees a save until it asks for a build or
/// knows it needs none; the builds asked for run when no service is still deciding (or after
/// <see cref="DefaultLongestWait"/>, so a slow service never holds the others up for long).
/// </summary>
internal sealed class BuildTogether
{
    public static readonly TimeSpan DefaultLongestWait = TimeSpan.FromSeconds(5);

    private readonly TimeSpan _longestWait;
    private readonly object _lock = new();
    private readonly HashSet<string> _deciding = new(StringComparer.Ordinal);
    private readonly List<Ask> _asked = new();
    private TaskCompletionSource _changed = NewSignal();
    private bool _running;

    public BuildTogether(TimeSpan? longestWait = null)
    {
        _longestWait = longestWait ?? DefaultLongestWait;
    }

    /// <summary>A service saw a save (or took a batch of them): it may ask for a build soon.</summary>
    public void Changing(string service)
    {
        lock (_lock)
        {
            _deciding.Add(service);
        }
    }

    /// <summary>A service will not ask for a build for what it saw (it hot reloaded, emitted, or is done).</summary>
    public void Decided(string service)
    {
        lock (_lock)
        {
            if (_deciding.Remove(service))
            {
                Signal();
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="request"/> in the next build, with the requests of the other services that
    /// are deciding; <paramref name="build"/> makes one build of them all (one of the askers runs it).
    /// </summary>
    public async Task<TResult> AskAsync<TRequest, TResult>(string service, TRequest request, Func<IReadOnlyList<TRequest>, CancellationToken, Task<IReadOnlyList<TResult>>> build, CancellationToken cancellationToken)
    {
        var ask = new Ask(service, request!, cancellationToken);
        lock (_lock)
        {
            _asked.Add(ask);
            Signal();
        }

        var waitUntil = DateTime.UtcNow + _longestWait;
        while (true)
        {
            List<Ask>? batch = null;
            Task changed;
            lock (_lock)
            {
                if (ask.Done.Task.IsCompleted)
                {
                    break;
                }

                if (!_running && (_deciding.All(s => _asked.Any(a => a.Service == s)) || DateTime.UtcNow >= waitUntil))
                {
                    batch = _asked.ToList();
                    _asked.Clear();
                    _running = true;
                }

                changed = _changed.Task;
            }

            if (batch is not null)
            {
                // Not under this asker's token: the others in the batch must not lose their build when it stops.
                await RunAsync(batch, build).ConfigureAwait(false);
                continue;
            }

            try
            {
                await changed.WaitAsync(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Look again: the longest wait may have passed.
            }
            catch (OperationCanceledException)
            {
                lock (_lock)
                {
                    _asked.Remove(ask);
                    Signal();
                }

                throw;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return (TResult)await ask.Done.Task.ConfigureAwait(false);
    }

    /// <summary>The batch's build, stopped only when every asker in it has stopped (watch ending).</summary>
    private async Task RunAsync<TRequest, TResult>(List<Ask> batch, Func<IReadOnlyList<TRequest>, CancellationToken, Task<IReadOnlyList<TResult>>> build)
    {
        using var everyoneStopped = new CancellationTokenSource();
        void StopIfEveryoneStopped()
        {
            if (batch.All(a => a.Token.IsCancellationRequested))
            {
                everyoneStopped.Cancel();
            }
        }

        var registrations = batch.Select(a => a.Token.Register(StopIfEveryoneStopped)).ToList();
        try
        {
            var results = await build(batch.Select(a => (TRequest)a.Request).ToList(), everyoneStopped.Token).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]!);
            }
        }
        catch (Exception e)
        {
            foreach (var ask in batch)
            {
                ask.Done.TrySetException(e);
            }
        }
        finally
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }

            lock (_lock)
            {
                _running = false;
                foreach (var ask in batch)
                {
                    // Asked and answered: the service goes on to sync, and decides nothing more on this batch.
                    _deciding.Remove(ask.Service);
                }

                Signal();
            }
        }
    }

    private void Signal()
    {
        var previous = _changed;
        _changed = NewSignal();
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Ask(string Service, object Request, CancellationToken Token)
    {
        public TaskCompletionSource<object> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
