using System.Collections.Concurrent;
using DevLoop.Core.Logging;

namespace DevLoop.Cli.Output;

/// <summary>
/// DevLoop's own warnings (a GitOps-managed workload, the tar fallback) would say the same on every
/// save: watch shows each once per session.
/// </summary>
internal sealed class OncePerSessionLog : IDevLoopLog
{
    private readonly IDevLoopLog _inner;
    private readonly ConcurrentDictionary<string, bool> _shown = new(StringComparer.Ordinal);

    public OncePerSessionLog(IDevLoopLog inner)
    {
        _inner = inner;
    }

    public void Detail(string message) => _inner.Detail(message);

    public void Info(string message) => _inner.Info(message);

    public void Warning(string code, string message)
    {
        if (_shown.TryAdd(code + " " + message, true))
        {
            _inner.Warning(code, message);
        }
    }

    public void Error(string code, string message) => _inner.Error(code, message);
}
