using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Targets.Sessions;
using DevLoop.Targets.Settings;

namespace DevLoop.Build.Tasks;

/// <summary>
/// Lets the .NET Framework ToolTask run the engine on .NET: `dotnet exec DevLoop.Build.Tasks.dll deploy
/// --property Name=Value …`, reporting through prefixed lines on stdout.
/// </summary>
internal static class HostProgram
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            var settings = DevLoopSettings.From(ParseProperties(args));
            await DeployOnce.RunAsync(settings, new LineLog(), cancel.Token).ConfigureAwait(false);
            return 0;
        }
        catch (DevLoopException e)
        {
            Console.WriteLine(HostOutputLine.Format("error", e.Code, e.Message));
            return 1;
        }
        catch (ArgumentException e)
        {
            Console.WriteLine(HostOutputLine.Format("error", ErrorCodes.MissingTaskParameter, e.Message + $" Usage: dotnet exec DevLoop.Build.Tasks.dll {HostCommandLine.DeployCommand} {HostCommandLine.PropertyOption} Name=Value …"));
            return 2;
        }
    }

    internal static Dictionary<string, string?> ParseProperties(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] != HostCommandLine.DeployCommand)
        {
            throw new ArgumentException($"The first argument must be '{HostCommandLine.DeployCommand}'.");
        }

        var properties = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < args.Count; i += 2)
        {
            var equals = i + 1 < args.Count ? args[i + 1].IndexOf('=') : -1;
            if (args[i] != HostCommandLine.PropertyOption || equals <= 0)
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}': expected {HostCommandLine.PropertyOption} Name=Value.");
            }

            properties[args[i + 1][..equals]] = args[i + 1][(equals + 1)..];
        }

        return properties;
    }

    private sealed class LineLog : IDevLoopLog
    {
        public void Detail(string message) => Console.WriteLine(HostOutputLine.Format("detail", null, message));

        public void Info(string message) => Console.WriteLine(HostOutputLine.Format("info", null, message));

        public void Warning(string code, string message) => Console.WriteLine(HostOutputLine.Format("warning", code, message));

        public void Error(string code, string message) => Console.WriteLine(HostOutputLine.Format("error", code, message));
    }
}
