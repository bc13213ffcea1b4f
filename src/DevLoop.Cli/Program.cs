using DevLoop.Cli.Commands;
using DevLoop.Cli.Output;
using DevLoop.Core.Errors;

namespace DevLoop.Cli;

internal static class Program
{
    private const string Usage = """
        Usage: dotnet devloop <command> [--project PATH] [-p:Name=Value]... [--verbose]

        Commands:
          watch    Build, sync and restart on every save; show the app's output. Ctrl+C stops.
          sync     Build, sync and restart once (the same as dotnet build /t:DeployDev).
          reset    kubernetes: delete the pods DevLoop changed so their controller recreates them
                   from the image (back to what the Deployment declares).

        Properties (-p:, or in the project / Directory.Build.props):
          DevLoopTarget=local|docker|kubernetes   DevLoopContainer=NAME   DevLoopAppDir=/app
          DevLoopWatchInclude=GLOBS               DevLoopWatchExclude=GLOBS
          kubernetes: DevLoopWorkload=deployment/NAME or DevLoopSelector=LABELS, DevLoopContext,
          DevLoopNamespace, DevLoopContainer, DevLoopAllowedContexts=CONTEXT,…, DevLoopReadyTimeout=SECONDS
        """;

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
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, StopGracefully);
        using var hup = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGHUP, StopGracefully);

        CliArguments parsed;
        var output = new ConsoleOutput(args.Contains("--verbose") || args.Contains("-v"));
        try
        {
            parsed = CliArguments.Parse(args);
            switch (parsed.Verb)
            {
                case "watch":
                    return await new WatchCommand(parsed, output).RunAsync(stop.Token);
                case "sync":
                    return await SyncCommand.RunAsync(parsed, output, stop.Token);
                case "reset":
                    return await ResetCommand.RunAsync(parsed, output, stop.Token);
                case "help" or "--help" or "-h":
                    Console.WriteLine(Usage);
                    return 0;
                case "--version":
                    Console.WriteLine(typeof(Program).Assembly.GetName().Version);
                    return 0;
                default:
                    output.Error(ErrorCodes.BadArguments, $"Unknown command '{parsed.Verb}'.");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (DevLoopException e)
        {
            output.Error(e.Code, e.Message);
            return 1;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 130;
        }

        void StopGracefully(System.Runtime.InteropServices.PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
