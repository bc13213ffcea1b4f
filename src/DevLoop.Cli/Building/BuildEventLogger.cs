using Microsoft.Build.Framework;

namespace DevLoop.Cli.Building;

/// <summary>
/// An in-process build's log as watch shows it: each error and warning once, relative to the project,
/// counted for the outcome; with --verbose also MSBuild's high-importance messages.
/// </summary>
internal sealed class BuildEventLogger : ILogger
{
    private readonly BuildDiagnostics _diagnostics;
    private readonly Action<string> _show;
    private readonly bool _verbose;

    public BuildEventLogger(string projectDir, Action<string> show, bool verbose)
    {
        _diagnostics = new BuildDiagnostics(projectDir);
        _show = show;
        _verbose = verbose;
        Verbosity = verbose ? LoggerVerbosity.Minimal : LoggerVerbosity.Quiet;
    }

    public int Errors => _diagnostics.Errors;

    public int Warnings => _diagnostics.Warnings;

    public LoggerVerbosity Verbosity { get; set; }

    public string? Parameters { get; set; }

    public void Initialize(IEventSource eventSource)
    {
        eventSource.ErrorRaised += (_, e) => Error(e);
        eventSource.WarningRaised += (_, e) => Warning(e);
        if (_verbose)
        {
            eventSource.MessageRaised += (_, e) => Message(e);
        }
    }

    internal void Error(BuildErrorEventArgs e) => Show(_diagnostics.Add(true, e.Code, e.Message, e.File, e.LineNumber, e.ColumnNumber, e.ProjectFile));

    internal void Warning(BuildWarningEventArgs e) => Show(_diagnostics.Add(false, e.Code, e.Message, e.File, e.LineNumber, e.ColumnNumber, e.ProjectFile));

    internal void Message(BuildMessageEventArgs e)
    {
        if (_verbose && e.Importance == MessageImportance.High && !string.IsNullOrWhiteSpace(e.Message))
        {
            _show(e.Message);
        }
    }

    public void Shutdown()
    {
        // Nothing buffered: every line is shown as it comes.
    }

    private void Show(string? line)
    {
        if (line is not null)
        {
            _show(line);
        }
    }
}
