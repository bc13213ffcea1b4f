namespace DevLoop.Core.Watch;

/// <summary>
/// Turns bursts of file events into batches: a batch is due once no change arrived for the quiet
/// period, or when the oldest change has waited the maximum (a steady stream of saves still builds).
/// Pure state over explicit times so tests control the clock; the caller owns the waiting.
/// </summary>
public sealed class ChangeBatcher
{
    private readonly TimeSpan _quiet;
    private readonly TimeSpan _maximum;
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);
    private DateTimeOffset _first;
    private DateTimeOffset _last;

    public ChangeBatcher(TimeSpan quiet, TimeSpan maximum)
    {
        _quiet = quiet;
        _maximum = maximum;
    }

    // As dotnet-watch: an editor's save (write, rename, touch) lands within a few milliseconds.
    public static TimeSpan DefaultQuiet => TimeSpan.FromMilliseconds(50);

    public static TimeSpan DefaultMaximum => TimeSpan.FromSeconds(2);

    public bool HasChanges => _paths.Count > 0;

    /// <summary>When the pending batch becomes due; null when nothing is pending.</summary>
    public DateTimeOffset? DueAt => HasChanges ? Min(_last + _quiet, _first + _maximum) : null;

    public void Add(string path, DateTimeOffset now)
    {
        if (_paths.Count == 0)
        {
            _first = now;
        }

        _paths.Add(path);
        _last = now;
    }

    /// <summary>The batch, if it is due at <paramref name="now"/>; empties the batcher.</summary>
    public ChangeBatch? TryTake(DateTimeOffset now)
    {
        if (DueAt is not { } due || now < due)
        {
            return null;
        }

        var batch = new ChangeBatch(_paths.OrderBy(p => p, StringComparer.Ordinal).ToList(), _first, now);
        _paths.Clear();
        return batch;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

/// <param name="FirstChange">When the first change of the batch was seen.</param>
/// <param name="Taken">When the batch was handed out: the debounce cost is Taken - FirstChange.</param>
public sealed record ChangeBatch(IReadOnlyList<string> Paths, DateTimeOffset FirstChange, DateTimeOffset Taken)
{
    public TimeSpan Debounce => Taken - FirstChange;
}
