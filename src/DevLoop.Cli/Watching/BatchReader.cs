using System.Threading.Channels;
using DevLoop.Core.Watch;

namespace DevLoop.Cli.Watching;

/// <summary>Waits on a stream of changed paths and hands them out in debounced batches.</summary>
internal sealed class BatchReader
{
    private readonly ChannelReader<string> _changes;
    private readonly ChangeBatcher _batcher;
    private readonly TimeProvider _time;

    public BatchReader(ChannelReader<string> changes, ChangeBatcher batcher, TimeProvider time)
    {
        _changes = changes;
        _batcher = batcher;
        _time = time;
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
                _batcher.Add(await _changes.ReadAsync(cancellationToken).ConfigureAwait(false), _time.GetUtcNow());
                continue;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(due - now);
            try
            {
                _batcher.Add(await _changes.ReadAsync(wait.Token).ConfigureAwait(false), _time.GetUtcNow());
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The quiet period passed with no new change: the batch is due on the next turn.
            }
        }
    }
}
