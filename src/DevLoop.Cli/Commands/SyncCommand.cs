using DevLoop.Cli.Building;
using DevLoop.Cli.Output;
using DevLoop.Core.Errors;

namespace DevLoop.Cli.Commands;

/// <summary>`dotnet devloop sync`: one build, one sync, one restart — exactly DeployDev.</summary>
internal static class SyncCommand
{
    public static async Task<int> RunAsync(CliArguments args, ConsoleOutput output, CancellationToken cancellationToken)
    {
        var project = ProjectLocator.Locate(args.Project);
        var builder = new ProjectBuilder(project, args.PropertyArguments(), output);
        var outcome = await builder.DeployAsync(restore: true, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            output.Error(ErrorCodes.BuildFailed, $"The build or sync of '{Path.GetFileName(project)}' failed (see the errors above); the target keeps the version it had.");
            return 1;
        }

        return 0;
    }
}
