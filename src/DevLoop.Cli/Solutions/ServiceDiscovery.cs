using DevLoop.Cli.Building;
using DevLoop.Cli.Output;
using DevLoop.Core.Errors;
using DevLoop.Targets.Providers;
using DevLoop.Targets.Settings;

namespace DevLoop.Cli.Solutions;

/// <summary>
/// The services of a solution: its projects restored once together, each evaluated, and those that are
/// apps referencing DevLoop.Build kept, with their settings (from the project or Directory.Build.props).
/// </summary>
internal static class ServiceDiscovery
{
    private const string OutputType = "OutputType";

    public static async Task<IReadOnlyList<WatchedService>> DiscoverAsync(string solution, IReadOnlyList<string> propertyArguments, ConsoleOutput output, CancellationToken cancellationToken)
    {
        var projects = SolutionFile.Projects(solution);
        var missing = projects.Where(p => !File.Exists(p)).ToList();
        foreach (var project in missing)
        {
            output.Warning(ErrorCodes.ProjectNotFound, $"{Path.GetFileName(solution)} lists '{project}', which does not exist; it is left out.");
        }

        var present = projects.Except(missing).ToList();
        await ProjectProperties.RestoreAsync(solution, propertyArguments, cancellationToken).ConfigureAwait(false);
        var evaluated = new List<(string Project, Dictionary<string, string?> Values)>();
        foreach (var project in present)
        {
            evaluated.Add((project, await ProjectProperties.EvaluateAsync(project, propertyArguments, new[] { OutputType }, cancellationToken).ConfigureAwait(false)));
        }

        var services = Select(solution, evaluated, output.Detail);
        EnsureDistinctTargets(services);
        return services;
    }

    /// <summary>The apps that use DevLoop.Build, named by their project (with their folder when two share a name); DL5011 when there are none.</summary>
    public static IReadOnlyList<WatchedService> Select(string solution, IReadOnlyList<(string Project, Dictionary<string, string?> Values)> evaluated, Action<string> detail)
    {
        var chosen = new List<(string Project, DevLoopSettings Settings)>();
        foreach (var (project, values) in evaluated)
        {
            var name = Path.GetFileName(project);
            if (!ProjectProperties.UsesDevLoop(values))
            {
                detail($"{name}: does not reference DevLoop.Build, not watched as a service (built when a service references it).");
            }
            else if (values.GetValueOrDefault(OutputType) is not { } type || !(type.Equals("Exe", StringComparison.OrdinalIgnoreCase) || type.Equals("WinExe", StringComparison.OrdinalIgnoreCase)))
            {
                detail($"{name}: not an app (OutputType {values.GetValueOrDefault(OutputType) ?? "Library"}), not watched as a service.");
            }
            else
            {
                chosen.Add((project, DevLoopSettings.From(values)));
            }
        }

        if (chosen.Count == 0)
        {
            var read = evaluated.Count == 0 ? "it lists no project" : "read: " + string.Join(", ", evaluated.Select(e => Path.GetFileName(e.Project)));
            throw new DevLoopException(
                ErrorCodes.NoServicesInSolution,
                $"No project in {Path.GetFileName(solution)} is an app that references DevLoop.Build ({read}). Add the package to each service (dotnet add PATH/TO/Service.csproj package DevLoop.Build), or watch one project with --project.");
        }

        var names = chosen.Select(c => Path.GetFileNameWithoutExtension(c.Project)).ToList();
        var root = Path.GetDirectoryName(Path.GetFullPath(solution))!;
        return chosen.Select((c, i) => new WatchedService(
                names.Count(n => n == names[i]) > 1 ? Path.GetRelativePath(root, Path.GetDirectoryName(c.Project)!).Replace('\\', '/') : names[i],
                c.Project,
                c.Settings))
            .ToList();
    }

    /// <summary>DL2009 when two services would sync into the same container, Compose service or pods.</summary>
    public static void EnsureDistinctTargets(IReadOnlyList<WatchedService> services)
    {
        var claimed = new Dictionary<string, WatchedService>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            if (TargetClaim.Of(service.Settings) is not { } claim)
            {
                continue;
            }

            if (claimed.TryGetValue(claim.Key, out var other))
            {
                throw new DevLoopException(
                    ErrorCodes.ServicesShareTarget,
                    $"The services '{other.Name}' and '{service.Name}' both sync into {claim.Description}: each would replace the other's app there. "
                    + "Give each service its own target in its project file (DevLoopContainer, DevLoopComposeService or DevLoopWorkload), or watch one of them with --project.");
            }

            claimed[claim.Key] = service;
        }
    }
}
