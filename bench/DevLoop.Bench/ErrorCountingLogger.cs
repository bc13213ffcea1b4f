using Microsoft.Build.Framework;

namespace DevLoop.Bench;

/// <summary>What watch needs from an in-process build's log: its errors (kept as lines), nothing per target.</summary>
internal sealed class ErrorCountingLogger : ILogger
{
    public List<string> Errors { get; } = new();

    public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Minimal;

    public string? Parameters { get; set; }

    public void Initialize(IEventSource eventSource) =>
        eventSource.ErrorRaised += (_, e) => Errors.Add($"{e.File}({e.LineNumber},{e.ColumnNumber}): error {e.Code}: {e.Message}");

    public void Shutdown()
    {
    }
}
