namespace DevLoop.Core.Logging;

/// <summary>
/// Keeps what is logged until a real log is attached, then hands it over in order and forwards the
/// rest: for work started before the one who reports it exists (a session opened while MSBuild
/// builds, reported by the task that runs after the build).
/// </summary>
public sealed class DeferredLog : IDevLoopLog
{
    private readonly object _gate = new();
    private readonly List<Action<IDevLoopLog>> _kept = new();
    private IDevLoopLog? _attached;

    /// <summary>Replays what was kept into <paramref name="log"/> and sends everything after it there.</summary>
    public void Attach(IDevLoopLog log)
    {
        lock (_gate)
        {
            foreach (var entry in _kept)
            {
                entry(log);
            }

            _kept.Clear();
            _attached = log;
        }
    }

    public void Detail(string message) => Write(log => log.Detail(message));

    public void Info(string message) => Write(log => log.Info(message));

    public void Warning(string code, string message) => Write(log => log.Warning(code, message));

    public void Error(string code, string message) => Write(log => log.Error(code, message));

    private void Write(Action<IDevLoopLog> entry)
    {
        lock (_gate)
        {
            if (_attached is null)
            {
                _kept.Add(entry);
                return;
            }

            entry(_attached);
        }
    }
}
