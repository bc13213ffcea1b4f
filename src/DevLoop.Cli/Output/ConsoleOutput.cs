namespace DevLoop.Cli.Output;

/// <summary>
/// Serialises lines from the build, the app and DevLoop itself onto one console. In a watch of several
/// services each service writes through its own <see cref="ForService"/> view: every line starts with
/// the service's name, in the service's colour where the terminal has colour.
/// </summary>
internal sealed class ConsoleOutput
{
    private static readonly ConsoleColor[] ServiceColors =
    {
        ConsoleColor.Green, ConsoleColor.Magenta, ConsoleColor.Blue, ConsoleColor.DarkYellow,
        ConsoleColor.DarkCyan, ConsoleColor.DarkMagenta, ConsoleColor.DarkGreen, ConsoleColor.DarkBlue,
    };

    private readonly object _gate;
    private readonly string? _service;
    private readonly string? _serviceName;
    private readonly ConsoleColor _serviceColor;
    private readonly bool _errorOnly;

    public ConsoleOutput(bool verbose)
        : this(verbose, new object(), null, null, default, errorOnly: false)
    {
    }

    private ConsoleOutput(bool verbose, object gate, string? service, string? serviceName, ConsoleColor serviceColor, bool errorOnly)
    {
        Verbose = verbose;
        _gate = gate;
        _service = service;
        _serviceName = serviceName;
        _serviceColor = serviceColor;
        _errorOnly = errorOnly;
    }

    private TextWriter Out => _errorOnly ? Console.Error : Console.Out;

    public bool Verbose { get; }

    /// <summary>The same console, each line prefixed with the service's name (padded to <paramref name="width"/>) in the colour for its index.</summary>
    public ConsoleOutput ForService(string name, int index, int width) =>
        new(Verbose, _gate, name.PadRight(width) + " | ", name, ServiceColors[index % ServiceColors.Length], _errorOnly);

    /// <summary>The same console with every line on stderr, when stdout carries a document (status --json).</summary>
    public ConsoleOutput OnStandardError() => new(Verbose, _gate, _service, _serviceName, _serviceColor, errorOnly: true);

    public void Info(string message) => Write(Out, "devloop: " + message, ConsoleColor.Cyan);

    public void Detail(string message)
    {
        if (Verbose)
        {
            Write(Out, "devloop: " + message, null);
        }
    }

    public void Warning(string code, string message) => Write(Console.Error, $"devloop: warning {code}: {message}", ConsoleColor.Yellow);

    public void Error(string code, string message) => Write(Console.Error, $"devloop: error {code}: {message}", ConsoleColor.Red);

    /// <summary>A line an app wrote, after the pod's or container's name (not repeated when it is the service's own).</summary>
    public void App(string prefix, string line, bool isError) =>
        Write(isError ? Console.Error : Out, prefix == _serviceName ? line : $"[{prefix}] {line}", null);

    public void Raw(string line) => Write(Out, line, null);

    private void Write(TextWriter writer, string line, ConsoleColor? color)
    {
        lock (_gate)
        {
            var colors = !Console.IsOutputRedirected;
            if (_service is not null)
            {
                if (colors)
                {
                    Console.ForegroundColor = _serviceColor;
                }

                writer.Write(_service);
                if (colors)
                {
                    Console.ResetColor();
                }
            }

            var colored = color is not null && colors;
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
