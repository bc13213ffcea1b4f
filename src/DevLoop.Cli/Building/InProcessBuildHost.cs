using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;

namespace DevLoop.Cli.Building;

/// <summary>
/// The SDK's MSBuild loaded in this process, one BuildManager and ProjectCollection for the whole
/// watch (every service's projects), so MSBuild, its JIT-compiled code and the parsed imports stay warm
/// and the builds several services ask for together run as one build: one session, one submission per
/// project, a project they share built once. Every submission takes the watch's <see cref="BuildGate"/>.
/// One in-proc node and no node reuse, so nothing outlives watch but the compiler server, which
/// `dotnet build` leaves too.
/// </summary>
internal sealed class InProcessBuildHost : IAsyncDisposable
{
    /// <summary>How long a cancelled build may take to stop its tasks before watch leaves without it.</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);

    private readonly BuildManager _manager = new("devloop");
    private ProjectCollection _projects = new();
    private bool _abandoned;
    private bool _projectsStale;

    public InProcessBuildHost(BuildGate gate)
    {
        Gate = gate;
    }

    public BuildGate Gate { get; }

    /// <summary>The host of the watch the gate belongs to (made on the first in-process build).</summary>
    public static InProcessBuildHost Of(BuildGate gate) => (InProcessBuildHost)gate.InProcessHost(() => new InProcessBuildHost(gate));

    /// <summary>One request alone (a restore, the compiler's arguments), in its turn.</summary>
    public async Task<BuildResult> SubmitAsync(BuildRequestData request, BuildEventLogger logger, CancellationToken cancellationToken)
    {
        using var turn = await Gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        return (await SubmitAllAsync(new[] { request }, new RoutingLogger(new[] { logger }), cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>Several projects' builds in one session, in one turn; each logger hears its own project's build.</summary>
    public async Task<IReadOnlyList<BuildResult>> BuildTogetherAsync(IReadOnlyList<(BuildRequestData Request, BuildEventLogger Logger)> builds, CancellationToken cancellationToken)
    {
        using var turn = await Gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        return await SubmitAllAsync(builds.Select(b => b.Request).ToList(), new RoutingLogger(builds.Select(b => b.Logger).ToList()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next submission reads the projects and imports from disk again (another service's may be running now).</summary>
    public void ProjectFilesChanged() => Volatile.Write(ref _projectsStale, true);

    public ValueTask DisposeAsync()
    {
        if (!_abandoned)
        {
            _manager.Dispose();
        }

        _projects.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<IReadOnlyList<BuildResult>> SubmitAllAsync(IReadOnlyList<BuildRequestData> requests, RoutingLogger logger, CancellationToken cancellationToken)
    {
        if (_abandoned)
        {
            throw new InvalidOperationException("A cancelled in-process build did not stop; this build session cannot build again.");
        }

        if (Volatile.Read(ref _projectsStale))
        {
            // In the gate: no session uses the collection. It holds the parsed project and import files.
            Volatile.Write(ref _projectsStale, false);
            _projects.Dispose();
            _projects = new ProjectCollection();
        }

        _manager.BeginBuild(new BuildParameters(_projects) { Loggers = new ILogger[] { logger }, MaxNodeCount = 1, EnableNodeReuse = false });
        IReadOnlyList<BuildResult> results;
        try
        {
            var done = new List<Task<BuildResult>>();
            for (var i = 0; i < requests.Count; i++)
            {
                var submission = _manager.PendBuildRequest(requests[i]);
                logger.Route(submission.SubmissionId, i);
                var result = new TaskCompletionSource<BuildResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                submission.ExecuteAsync(s => result.TrySetResult(s.BuildResult!), null);
                done.Add(result.Task);
            }

            using (cancellationToken.Register(() => _manager.CancelAllSubmissions()))
            {
                results = await Task.WhenAll(done).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // CancelAllSubmissions asked the running task (the compiler, a child process) to stop; wait a
            // little for it, then leave without it rather than keep watch from stopping.
            var ending = Task.Run(_manager.EndBuild, CancellationToken.None);
            if (await Task.WhenAny(ending, Task.Delay(StopWait, CancellationToken.None)).ConfigureAwait(false) == ending)
            {
                await ending.ConfigureAwait(false);
            }
            else
            {
                _abandoned = true;
            }

            throw;
        }
        catch
        {
            await Task.Run(_manager.EndBuild, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        // EndBuild waits for the submissions, which have completed: it only tidies up, off the caller's thread.
        await Task.Run(_manager.EndBuild, CancellationToken.None).ConfigureAwait(false);
        return results;
    }

    /// <summary>One logger for the session that hands each error, warning and message to the logger of the submission it belongs to.</summary>
    private sealed class RoutingLogger(IReadOnlyList<BuildEventLogger> loggers) : ILogger
    {
        private readonly Dictionary<int, int> _bySubmission = new();

        public LoggerVerbosity Verbosity { get; set; } = loggers.Max(l => l.Verbosity);

        public string? Parameters { get; set; }

        public void Route(int submissionId, int index)
        {
            lock (_bySubmission)
            {
                _bySubmission[submissionId] = index;
            }
        }

        public void Initialize(IEventSource eventSource)
        {
            eventSource.ErrorRaised += (_, e) => Each(e, l => l.Error(e));
            eventSource.WarningRaised += (_, e) => Each(e, l => l.Warning(e));
            eventSource.MessageRaised += (_, e) => Each(e, l => l.Message(e));
        }

        public void Shutdown()
        {
            // The submissions' loggers keep nothing to flush.
        }

        /// <summary>An event of no known submission (the session's own) goes to every logger.</summary>
        private void Each(BuildEventArgs e, Action<BuildEventLogger> raise)
        {
            int? only = null;
            lock (_bySubmission)
            {
                if (e.BuildEventContext?.SubmissionId is { } id && _bySubmission.TryGetValue(id, out var index))
                {
                    only = index;
                }
            }

            if (only is { } one)
            {
                raise(loggers[one]);
                return;
            }

            foreach (var logger in loggers)
            {
                raise(logger);
            }
        }
    }
}
