using System.Runtime.InteropServices;
using DevLoop.Cli.CommandLine;
using DevLoop.Cli.Commands;
using DevLoop.Cli.Output;
using DevLoop.Core.Errors;

namespace DevLoop.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        var presses = 0;
        Console.CancelKeyPress += (_, e) =>
        {
            // First Ctrl+C: stop gracefully. Second: leave at once.
            if (Interlocked.Increment(ref presses) == 1)
            {
                e.Cancel = true;
                stop.Cancel();
            }
        };

        // `docker stop`-style termination and a closed terminal stop as gracefully as Ctrl+C, so the
        // app started for the local target never outlives the tool.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopGracefully);
        using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, StopGracefully);

        return await ToolCommandLine.RunAsync(args, RunAsync, Console.Out, Console.Error, stop.Token);

        void StopGracefully(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static async Task<int> RunAsync(CliArguments arguments, CancellationToken cancellationToken)
    {
        var output = new ConsoleOutput(arguments.Verbose);
        try
        {
            return arguments.Verb switch
            {
                "watch" => await new WatchCommand(arguments, output).RunAsync(cancellationToken),
                "sync" => await SyncCommand.RunAsync(arguments, output, cancellationToken),
                "reset" => await ResetCommand.RunAsync(arguments, output, cancellationToken),
                "status" => await StatusCommand.RunAsync(arguments, output, cancellationToken),
                _ => throw new InvalidOperationException($"The command line defines '{arguments.Verb}' but nothing runs it."),
            };
        }
        catch (DevLoopException e)
        {
            output.Error(e.Code, e.Message);
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Cancelled;
        }
    }
}
