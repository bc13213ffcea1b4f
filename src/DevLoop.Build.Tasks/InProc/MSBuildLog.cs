using DevLoop.Core.Logging;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DevLoop.Build.Tasks;

/// <summary>Maps engine log calls onto MSBuild: detail → Low, info → High, warnings and errors with their code.</summary>
internal sealed class MSBuildLog : IDevLoopLog
{
    private readonly TaskLoggingHelper _log;
    private readonly string? _projectFile;

    /// <param name="projectFile">What diagnostics are attributed to (the user's project, not DevLoop's .targets file).</param>
    public MSBuildLog(TaskLoggingHelper log, string? projectFile)
    {
        _log = log;
        _projectFile = projectFile;
    }

    public void Detail(string message) => _log.LogMessage(MessageImportance.Low, message);

    public void Info(string message) => _log.LogMessage(MessageImportance.High, message);

    public void Warning(string code, string message) => _log.LogWarning(null, code, null, _projectFile, 0, 0, 0, 0, message);

    public void Error(string code, string message) => _log.LogError(null, code, null, _projectFile, 0, 0, 0, 0, message);
}
