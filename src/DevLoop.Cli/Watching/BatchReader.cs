using System.Threading.Channels;
using DevLoop.Core.Watch;

namespace DevLoop.Cli.Watching;

/// <summary>Waits on a stream of changed paths and hands them out in debounced batches.</summary>
internal sealed class BatchReader
{
    private readonly ChannelReader<string> _changes;
    private readonly ChangeBatcher _batcher;
    private readonly TimeProvider _time;
    private readonly Action<string> _changed;

    /// <param name="changed">Told of each change as it arrives, before its batch is due (to start work ahead).</param>
    public BatchReader(ChannelReader<string> changes, ChangeBatcher batcher, TimeProvider time, Action<string>? changed = null)
    {
        _changes = changes;
        _batcher = batcher;
        _time = time;
        _changed = changed ?? (_ => { });
    }

    public async Task<ChangeBatch> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = _time.GetUtcNow();
            if (_batcher.TryTake(now) is { } batch)
            {
                return batch;
            }

            if (_batcher.DueAt is not { } due)
            {
                Add(await _changes.ReadAsync(cancellationToken).ConfigureAwait(false));
                continue;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(due - now);
            try
            {
                Add(await _changes.ReadAsync(wait.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The quiet period passed with no new change: the batch is due on the next turn.
            }
        }
    }

    private void Add(string path)
    {
        _batcher.Add(path, _time.GetUtcNow());
        _changed(path);
    }
}
