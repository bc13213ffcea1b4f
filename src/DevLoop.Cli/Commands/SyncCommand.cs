using DevLoop.Cli.Building;
using DevLoop.Cli.Output;
using DevLoop.Core.Errors;
using DevLoop.Targets.Sessions;

namespace DevLoop.Cli.Commands;

/// <summary>`dotnet devloop sync`: one build, one sync, one restart — what DeployDev does, with the sync in this process.</summary>
internal static class SyncCommand
{
    public static async Task<int> RunAsync(CliArguments args, ConsoleOutput output, CancellationToken cancellationToken)
    {
        var project = ProjectLocator.Locate(args.Project);
        var settings = await ProjectProperties.ReadAsync(project, args.PropertyArguments(), cancellationToken).ConfigureAwait(false);
        BuildOutcome build;
        await using (var gate = new BuildGate())
        await using (var builder = new ProjectBuilder(project, args.Properties, output, gate))
        {
            build = await builder.BuildAsync(restore: false, cancellationToken).ConfigureAwait(false);
        }

        if (!build.Succeeded)
        {
            output.Error(ErrorCodes.BuildFailed, $"The build of '{Path.GetFileName(project)}' failed (see the errors above); the target keeps the version it had.");
            return 1;
        }

        await DeployOnce.RunAsync(settings, new ConsoleLog(output), cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
