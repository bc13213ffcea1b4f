using DevLoop.Core.Errors;
using DevLoop.Core.Logging;

namespace DevLoop.Build.Tasks;

/// <summary>
/// Lets the .NET Framework ToolTask run the engine on .NET: `dotnet exec DevLoop.Build.Tasks.dll deploy …`,
/// reporting through prefixed lines on stdout.
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
            if (args.Length == 0 || args[0] != "deploy")
            {
                Console.WriteLine(HostOutputLine.Format("error", ErrorCodes.MissingTaskParameter, "Usage: dotnet exec DevLoop.Build.Tasks.dll deploy --output-dir DIR --state-dir DIR [--target T] …"));
                return 2;
            }

            await DeployRunner.RunAsync(DeployArguments.Parse(args), new LineLog(), cancel.Token).ConfigureAwait(false);
            return 0;
        }
        catch (DevLoopException e)
        {
            Console.WriteLine(HostOutputLine.Format("error", e.Code, e.Message));
            return 1;
        }
        catch (ArgumentException e)
        {
            Console.WriteLine(HostOutputLine.Format("error", ErrorCodes.MissingTaskParameter, e.Message));
            return 2;
        }
    }

    private sealed class LineLog : IDevLoopLog
    {
        public void Detail(string message) => Console.WriteLine(HostOutputLine.Format("detail", null, message));

        public void Info(string message) => Console.WriteLine(HostOutputLine.Format("info", null, message));

        public void Warning(string code, string message) => Console.WriteLine(HostOutputLine.Format("warning", code, message));
    }
}
