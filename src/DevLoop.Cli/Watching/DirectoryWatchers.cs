using DevLoop.Core.Watch;

namespace DevLoop.Cli.Watching;

/// <summary>One FileSystemWatcher per <see cref="WatchRoot"/>, kept in step as the watch list changes.</summary>
internal sealed class DirectoryWatchers : IDisposable
{
    private readonly Dictionary<WatchRoot, FileSystemWatcher> _watchers = new();
    private readonly Action<string, FileEventKind> _onEvent;
    private readonly Action<WatchRoot> _onOverflow;

    public DirectoryWatchers(Action<string, FileEventKind> onEvent, Action<WatchRoot> onOverflow)
    {
        _onEvent = onEvent;
        _onOverflow = onOverflow;
    }

    /// <summary>Watches exactly these roots: new ones start, ones no longer listed stop.</summary>
    public void Update(IReadOnlyList<WatchRoot> roots)
    {
        lock (_watchers)
        {
            foreach (var gone in _watchers.Keys.Except(roots).ToList())
            {
                _watchers[gone].Dispose();
                _watchers.Remove(gone);
            }

            foreach (var root in roots.Where(r => !_watchers.ContainsKey(r) && Directory.Exists(r.Directory)))
            {
                _watchers[root] = Start(root);
            }
        }
    }

    public void Dispose()
    {
        lock (_watchers)
        {
            foreach (var watcher in _watchers.Values)
            {
                watcher.Dispose();
            }

            _watchers.Clear();
        }
    }

    private FileSystemWatcher Start(WatchRoot root)
    {
        var watcher = new FileSystemWatcher(root.Directory)
        {
            IncludeSubdirectories = root.Recursive,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.DirectoryName,
        };
        watcher.Changed += (_, e) => _onEvent(e.FullPath, FileEventKind.Changed);
        watcher.Created += (_, e) => _onEvent(e.FullPath, FileEventKind.Created);
        watcher.Deleted += (_, e) => _onEvent(e.FullPath, FileEventKind.Deleted);
        watcher.Renamed += (_, e) =>
        {
            _onEvent(e.OldFullPath, FileEventKind.Deleted);
            _onEvent(e.FullPath, FileEventKind.Created);
        };
        watcher.Error += (_, _) => _onOverflow(root);
        watcher.EnableRaisingEvents = true;
        return watcher;
    }
}
