using DevLoop.Cli.Output;
using DevLoop.Cli.Solutions;
using DevLoop.Core.Errors;
using DevLoop.Targets.Sessions;
using DevLoop.Targets.Settings;
using DevLoop.Targets.Status;

namespace DevLoop.Cli.Commands;

/// <summary>
/// `dotnet devloop status`: every target of the project (or of each service of the solution) as the
/// cluster, the engine and the agents in the targets tell it now, as a table or JSON. Nothing is
/// read from DevLoop's local state, so it tells the truth to a teammate who did not run the sync.
/// </summary>
internal static class StatusCommand
{
    public static async Task<int> RunAsync(CliArguments args, ConsoleOutput output, CancellationToken cancellationToken)
    {
        // With --json, stdout carries the JSON only.
        var console = args.Json ? output.OnStandardError() : output;
        var services = await ServiceScope.ResolveAsync(args, console, cancellationToken).ConfigureAwait(false);
        var reads = services.Select(s => ReadAsync(s, console, cancellationToken)).ToList();
        var rows = (await Task.WhenAll(reads).ConfigureAwait(false)).SelectMany(r => r).ToList();
        if (args.Json)
        {
            output.Raw(StatusJson.Write(rows));
        }
        else
        {
            foreach (var line in StatusTable.Lines(rows, DateTimeOffset.UtcNow))
            {
                output.Raw(line);
            }
        }

        return rows.Any(r => r.State == StatusTable.Unreadable) ? 1 : 0;
    }

    /// <summary>One service's rows; a target that cannot be read is a row that says why, so the others still show.</summary>
    private static async Task<IReadOnlyList<TargetStatus>> ReadAsync(WatchedService service, ConsoleOutput output, CancellationToken cancellationToken)
    {
        try
        {
            await using var session = await DevLoopSession.OpenAsync(service.Settings, new ConsoleLog(output), cancellationToken).ConfigureAwait(false);
            var rows = await session.StatusAsync(cancellationToken).ConfigureAwait(false);
            return rows.Select(r => r with { Service = service.Name }).ToList();
        }
        catch (DevLoopException e)
        {
            return new[] { new TargetStatus { Service = service.Name, Target = Named(service.Settings), State = StatusTable.Unreadable, Note = $"{e.Code}: {e.Message}" } };
        }
    }

    /// <summary>The target as the settings name it, when it could not be read.</summary>
    private static string Named(DevLoopSettings settings) =>
        settings.Container is { } container && settings.Target == "docker" ? $"container/{container}"
        : settings.ComposeService is { } service ? $"compose service {service}"
        : settings.Kubernetes.Workload ?? settings.Kubernetes.Selector ?? settings.Target;
}
