namespace DevLoop.Core.Logging;

public sealed class NullLog : IDevLoopLog
{
    public static readonly NullLog Instance = new();

    public void Detail(string message) { }

    public void Info(string message) { }

    public void Warning(string code, string message) { }

    public void Error(string code, string message) { }
}
