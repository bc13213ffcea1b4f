using DevLoop.Core.Logging;

namespace DevLoop.Faults.Tests;

/// <summary>Keeps the warnings a sync gave, as the user would have read them.</summary>
internal sealed class RecordingLog : IDevLoopLog
{
    private readonly List<string> _warnings = new();

    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_warnings)
            {
                return _warnings.ToList();
            }
        }
    }

    public void Detail(string message)
    {
    }

    public void Info(string message)
    {
    }

    public void Warning(string code, string message)
    {
        lock (_warnings)
        {
            _warnings.Add(code + ": " + message);
        }
    }

    public void Error(string code, string message) => Warning(code, message);
}
