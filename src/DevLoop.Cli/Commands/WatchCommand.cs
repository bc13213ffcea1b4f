using DevLoop.Cli.Building;
using DevLoop.Cli.Output;
using DevLoop.Cli.Solutions;

namespace DevLoop.Cli.Commands;

/// <summary>
/// `dotnet devloop watch`: on every batch of saves, hot reload, an emit or a build, then the sync and
/// restart in this process through one session kept open for the whole watch, and the apps' output.
/// Given a solution (or run in a folder with one and no project), every service in it at once.
/// </summary>
internal sealed class WatchCommand
{
    private readonly CliArguments _args;
    private readonly ConsoleOutput _output;

    public WatchCommand(CliArguments args, ConsoleOutput output)
    {
        _args = args;
        _output = output;
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var located = ProjectLocator.LocateProjectOrSolution(_args.Project);
        try
        {
            if (SolutionFile.IsSolution(located))
            {
                await new SolutionWatch(located, _args, _output).RunAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _output.Info($"Reading the settings of {Path.GetFileName(located)}…");
                var settings = await ProjectProperties.ReadAsync(located, _args.PropertyArguments(), cancellationToken).ConfigureAwait(false);
                await using var gate = new BuildGate();
                await new ProjectWatch(located, settings, _args, _output, gate).RunAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _output.Info("Stopping…");
        }

        return 0;
    }
}
