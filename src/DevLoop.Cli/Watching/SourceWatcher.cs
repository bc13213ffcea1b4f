using System.Threading.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Watch;

namespace DevLoop.Cli.Watching;

/// <summary>
/// Reports changed files of the watch list the project's evaluation gives (the project's items and its
/// references', see <see cref="WatchFileSetReader"/>), as paths relative to the app's project folder.
/// When a project file changes, or files appear in or leave a project folder, it reads the list again
/// after a quiet period, and reports the files that joined or left it.
/// </summary>
internal sealed class SourceWatcher : IDisposable
{
    public static readonly TimeSpan ReevaluationQuiet = TimeSpan.FromMilliseconds(300);

    private readonly Func<CancellationToken, Task<WatchFileSet>> _read;
    private readonly WatchClassifier _classifier;
    private readonly Action<DevLoopException> _onReadFailed;
    private readonly Channel<string> _changes = Channel.CreateUnbounded<string>();
    private readonly Channel<string> _candidates = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stop = new();
    private readonly DirectoryWatchers _watchers;
    private volatile WatchFileSet _set = WatchFileSet.Empty;
    private Task _reevaluation = Task.CompletedTask;

    private SourceWatcher(Func<CancellationToken, Task<WatchFileSet>> read, WatchClassifier classifier, Action<DevLoopException> onReadFailed)
    {
        _read = read;
        _classifier = classifier;
        _onReadFailed = onReadFailed;
        _watchers = new DirectoryWatchers(Offer, _ => Overflowed());
    }

    public ChannelReader<string> Changes => _changes.Reader;

    /// <summary>The list being watched now.</summary>
    public WatchFileSet Files => _set;

    /// <summary>Reads the watch list (a failure here is the caller's) and starts watching it.</summary>
    public static async Task<SourceWatcher> StartAsync(
        Func<CancellationToken, Task<WatchFileSet>> read, WatchClassifier classifier, Action<DevLoopException> onReadFailed, CancellationToken cancellationToken)
    {
        var set = await read(cancellationToken).ConfigureAwait(false);
        var watcher = new SourceWatcher(read, classifier, onReadFailed);
        watcher._set = set;
        watcher._watchers.Update(set.Roots());
        watcher._reevaluation = watcher.ReevaluateWhenAskedAsync(watcher._stop.Token);
        return watcher;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _watchers.Dispose();
        _candidates.Writer.TryComplete();
    }

    private void Offer(string fullPath, FileEventKind kind)
    {
        var decision = _classifier.Classify(_set, fullPath, kind);
        if (decision.HasFlag(WatchDecision.Build))
        {
            _changes.Writer.TryWrite(_classifier.Relative(fullPath));
        }

        if (decision.HasFlag(WatchDecision.Reevaluate))
        {
            _candidates.Writer.TryWrite(fullPath);
        }
    }

    private void Overflowed()
    {
        // Events were lost: build, and read the list again in case files came or went meanwhile.
        _changes.Writer.TryWrite("*overflow*");
        _candidates.Writer.TryWrite(string.Empty);
    }

    private async Task ReevaluateWhenAskedAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _candidates.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var candidates = await DrainQuietlyAsync(cancellationToken).ConfigureAwait(false);
                var overflowed = candidates.Remove(string.Empty);
                if (overflowed || _classifier.NeedsReevaluation(_set, candidates, p => File.Exists(p) || Directory.Exists(p)))
                {
                    await ReevaluateAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed: nothing more to report.
        }
        catch (Exception e)
        {
            // Surfaces to the reader of Changes rather than dying unobserved.
            _changes.Writer.TryComplete(e);
        }
    }

    /// <summary>Collects candidates until none arrived for the quiet period (a checkout or a folder copy is one burst).</summary>
    private async Task<HashSet<string>> DrainQuietlyAsync(CancellationToken cancellationToken)
    {
        var candidates = new HashSet<string>(WatchFileSet.PathComparer);
        do
        {
            while (_candidates.Reader.TryRead(out var path))
            {
                candidates.Add(path);
            }

            await Task.Delay(ReevaluationQuiet, cancellationToken).ConfigureAwait(false);
        }
        while (_candidates.Reader.TryPeek(out _));

        return candidates;
    }

    private async Task ReevaluateAsync(CancellationToken cancellationToken)
    {
        WatchFileSet fresh;
        try
        {
            fresh = await _read(cancellationToken).ConfigureAwait(false);
        }
        catch (DevLoopException e)
        {
            // A project file saved half-edited does not evaluate: keep the list, the next save reads it again.
            _onReadFailed(e);
            return;
        }

        var previous = _set;
        _set = fresh;
        _watchers.Update(fresh.Roots());
        foreach (var path in previous.Difference(fresh))
        {
            // A file that joined or left the list is a change, unless the user's excludes leave it out.
            if (_classifier.Classify(fresh.Contains(path) ? fresh : previous, path, FileEventKind.Changed).HasFlag(WatchDecision.Build))
            {
                _changes.Writer.TryWrite(_classifier.Relative(path));
            }
        }
    }
}
