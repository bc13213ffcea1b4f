using System.CommandLine;
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

        var result = HostCommand.Create(DeployAsync).Parse(args);
        if (result.Errors.Count > 0 || result.CommandResult.Command is RootCommand)
        {
            var problem = result.Errors.Count > 0 ? string.Join(" ", result.Errors.Select(e => e.Message)) : "No command.";
            Console.WriteLine(HostOutputLine.Format("error", ErrorCodes.MissingTaskParameter, $"{problem} Usage: dotnet exec DevLoop.Build.Tasks.dll {HostCommandLine.DeployCommand} {HostCommandLine.PropertyOption} Name=Value …"));
            return 2;
        }

        return await result.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, cancel.Token).ConfigureAwait(false);
    }

    private static async Task<int> DeployAsync(IReadOnlyDictionary<string, string?> properties, CancellationToken cancellationToken)
    {
        try
        {
            await DeployOnce.RunAsync(DevLoopSettings.From(properties), new LineLog(), cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (DevLoopException e)
        {
            Console.WriteLine(HostOutputLine.Format("error", e.Code, e.Message));
            return 1;
        }
    }

    private sealed class LineLog : IDevLoopLog
    {
        public void Detail(string message) => Console.WriteLine(HostOutputLine.Format("detail", null, message));

        public void Info(string message) => Console.WriteLine(HostOutputLine.Format("info", null, message));

        public void Warning(string code, string message) => Console.WriteLine(HostOutputLine.Format("warning", code, message));

        public void Error(string code, string message) => Console.WriteLine(HostOutputLine.Format("error", code, message));
    }
}
