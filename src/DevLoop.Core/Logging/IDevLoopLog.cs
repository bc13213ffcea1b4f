namespace DevLoop.Core.Logging;

/// <summary>The engine's only way to talk: front ends map these to MSBuild importance or console lines.</summary>
public interface IDevLoopLog
{
    /// <summary>Per-file and per-request detail.</summary>
    void Detail(string message);

    /// <summary>About one line per meaningful step.</summary>
    void Info(string message);

    void Warning(string code, string message);

    /// <summary>A failure of one part of the work that the caller reports while it goes on with the rest.</summary>
    void Error(string code, string message);
}
