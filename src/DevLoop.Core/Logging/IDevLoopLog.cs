namespace DevLoop.Core.Logging;

/// <summary>The engine's only way to talk: front ends map these to MSBuild importance or console lines.</summary>
public interface IDevLoopLog
{
    /// <summary>Per-file and per-request detail.</summary>
    void Detail(string message);

    /// <summary>About one line per meaningful step.</summary>
    void Info(string message);

    void Warning(string code, string message);
}
