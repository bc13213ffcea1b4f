using DevLoop.Core.Logging;

namespace DevLoop.Cli.Output;

/// <summary>The engine's log on the tool's console.</summary>
internal sealed class ConsoleLog : IDevLoopLog
{
    private readonly ConsoleOutput _output;

    public ConsoleLog(ConsoleOutput output)
    {
        _output = output;
    }

    public void Detail(string message) => _output.Detail(message);

    public void Info(string message) => _output.Info(message.StartsWith("DevLoop: ", StringComparison.Ordinal) ? message["DevLoop: ".Length..] : message);

    public void Warning(string code, string message) => _output.Warning(code, message);

    public void Error(string code, string message) => _output.Error(code, message);
}
