using DevLoop.Cli.Building;
using DevLoop.Cli.Output;
using DevLoop.Targets.Sessions;

namespace DevLoop.Cli.Commands;

/// <summary>
/// `dotnet devloop reset`: returns the targets DevLoop changed to what their images declare
/// (kubernetes: deletes the changed pods so their controller recreates them).
/// </summary>
internal static class ResetCommand
{
    public static async Task<int> RunAsync(CliArguments args, ConsoleOutput output, CancellationToken cancellationToken)
    {
        var project = ProjectLocator.Locate(args.Project);
        var settings = await ProjectProperties.ReadAsync(project, args.PropertyArguments(), cancellationToken).ConfigureAwait(false);
        await using var session = await DevLoopSession.OpenAsync(settings, new ConsoleLog(output), cancellationToken).ConfigureAwait(false);
        var outcome = await session.ResetAsync(cancellationToken).ConfigureAwait(false);
        return outcome.Failed == 0 ? 0 : 1;
    }
}
