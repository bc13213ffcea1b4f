using DevLoop.Cli.CommandLine;
using DevLoop.Cli.Commands;

namespace DevLoop.Cli.Tests.CommandLine;

/// <summary>One `dotnet devloop …` parsed and run with a runner that records what the verb would receive.</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Error, CliArguments? Received)
{
    public static async Task<ToolRun> Of(params string[] args) => await With(0, args);

    public static async Task<ToolRun> With(int runnerExitCode, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        CliArguments? received = null;
        var exitCode = await ToolCommandLine.RunAsync(args, (arguments, _) =>
        {
            received = arguments;
            return Task.FromResult(runnerExitCode);
        }, output, error, CancellationToken.None);
        return new ToolRun(exitCode, output.ToString(), error.ToString(), received);
    }
}
