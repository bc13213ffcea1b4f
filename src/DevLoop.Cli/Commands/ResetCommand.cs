using DevLoop.Cli.Output;
using DevLoop.Cli.Solutions;
using DevLoop.Core.Errors;
using DevLoop.Targets.Sessions;

namespace DevLoop.Cli.Commands;

/// <summary>
/// `dotnet devloop reset`: returns the targets DevLoop changed to what their images declare, for the
/// project or every service of the solution (kubernetes: deletes the changed pods so their controller
/// recreates them; docker: the agent puts the image's files back and restarts the app in place).
/// A service that cannot be reset is named and the others are still reset.
/// </summary>
internal static class ResetCommand
{
    public static async Task<int> RunAsync(CliArguments args, ConsoleOutput output, CancellationToken cancellationToken)
    {
        var services = await ServiceScope.ResolveAsync(args, output, cancellationToken).ConfigureAwait(false);
        var width = services.Max(s => s.Name.Length);
        var failed = 0;
        for (var i = 0; i < services.Count; i++)
        {
            var service = services[i];
            var console = services.Count == 1 ? output : output.ForService(service.Name, i, width);
            try
            {
                await using var session = await DevLoopSession.OpenAsync(service.Settings, new ConsoleLog(console), cancellationToken).ConfigureAwait(false);
                var outcome = await session.ResetAsync(cancellationToken).ConfigureAwait(false);
                failed += outcome.Failed;
            }
            catch (DevLoopException e)
            {
                console.Error(e.Code, e.Message);
                failed++;
            }
        }

        return failed == 0 ? 0 : 1;
    }
}
