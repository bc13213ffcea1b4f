namespace DevLoop.Cli.Output;

/// <summary>Serialises lines from the build, the app and DevLoop itself onto one console.</summary>
internal sealed class ConsoleOutput
{
    private readonly object _gate = new();

    public ConsoleOutput(bool verbose)
    {
        Verbose = verbose;
    }

    public bool Verbose { get; }

    public void Info(string message) => Write(Console.Out, "devloop: " + message, ConsoleColor.Cyan);

    public void Detail(string message)
    {
        if (Verbose)
        {
            Write(Console.Out, "devloop: " + message, null);
        }
    }

    public void Warning(string code, string message) => Write(Console.Error, $"devloop: warning {code}: {message}", ConsoleColor.Yellow);

    public void Error(string code, string message) => Write(Console.Error, $"devloop: error {code}: {message}", ConsoleColor.Red);

    public void App(string prefix, string line, bool isError) => Write(isError ? Console.Error : Console.Out, $"[{prefix}] {line}", null);

    public void Raw(string line) => Write(Console.Out, line, null);

    private void Write(TextWriter writer, string line, ConsoleColor? color)
    {
        lock (_gate)
        {
            var colored = color is not null && !Console.IsOutputRedirected;
            if (colored)
            {
                Console.ForegroundColor = color!.Value;
            }

            writer.WriteLine(line);
            if (colored)
            {
                Console.ResetColor();
            }
        }
    }
}
