using DevLoop.Cli.Building;
using DevLoop.Cli.Commands;
using DevLoop.Cli.Output;

namespace DevLoop.Cli.Solutions;

/// <summary>
/// What `status` and `reset` work on, found as watch finds it: the project named (or in the folder),
/// or every service of the solution named (or in the folder when it holds no project).
/// </summary>
internal static class ServiceScope
{
    public static async Task<IReadOnlyList<WatchedService>> ResolveAsync(CliArguments args, ConsoleOutput output, CancellationToken cancellationToken)
    {
        var located = ProjectLocator.LocateProjectOrSolution(args.Project);
        if (SolutionFile.IsSolution(located))
        {
            return await ServiceDiscovery.DiscoverAsync(located, args.PropertyArguments().ToList(), output, cancellationToken).ConfigureAwait(false);
        }

        var settings = await ProjectProperties.ReadAsync(located, args.PropertyArguments(), cancellationToken).ConfigureAwait(false);
        return new[] { new WatchedService(Path.GetFileNameWithoutExtension(located), located, settings) };
    }
}
