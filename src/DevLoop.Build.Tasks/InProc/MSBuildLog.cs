using DevLoop.Core.Logging;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DevLoop.Build.Tasks;

/// <summary>Maps engine log calls onto MSBuild: detail → Low, info → High, warnings and errors with their code.</summary>
internal sealed class MSBuildLog : IDevLoopLog
{
    private readonly TaskLoggingHelper _log;

    public MSBuildLog(TaskLoggingHelper log)
    {
        _log = log;
    }

    public void Detail(string message) => _log.LogMessage(MessageImportance.Low, message);

    public void Info(string message) => _log.LogMessage(MessageImportance.High, message);

    public void Warning(string code, string message) => _log.LogWarning(null, code, null, null, 0, 0, 0, 0, message);

    public void Error(string code, string message) => _log.LogError(null, code, null, null, 0, 0, 0, 0, message);
}
