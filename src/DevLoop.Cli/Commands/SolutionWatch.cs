using DevLoop.Cli.Building;
using DevLoop.Cli.Output;
using DevLoop.Cli.Solutions;
using DevLoop.Core.Errors;
using DevLoop.Targets.Providers;

namespace DevLoop.Cli.Commands;

/// <summary>
/// Every service of a solution in one watch: each project that is an app referencing DevLoop.Build is
/// watched into its own target; the builds several services need for the same saves are one build in
/// this process's MSBuild (a shared library compiled once), emits one at a time, their syncs in parallel, and their lines in
/// one console, each prefixed with the service's name. A service that fails is named; the others go on.
/// </summary>
internal sealed class SolutionWatch
{
    private readonly string _solution;
    private readonly CliArguments _args;
    private readonly ConsoleOutput _output;

    public SolutionWatch(string solution, CliArguments args, ConsoleOutput output)
    {
        _solution = solution;
        _args = args;
        _output = output;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _output.Info($"Reading the projects of {Path.GetFileName(_solution)}…");
        var services = await ServiceDiscovery.DiscoverAsync(_solution, _args.PropertyArguments().ToList(), _output, cancellationToken).ConfigureAwait(false);
        var width = services.Max(s => s.Name.Length);
        _output.Info($"Watching {services.Count} service{(services.Count == 1 ? string.Empty : "s")} of {Path.GetFileName(_solution)}: "
            + string.Join(", ", services.Select(s => $"{s.Name} → {TargetClaim.Of(s.Settings)?.Description ?? s.Settings.Target}")) + ". Press Ctrl+C to stop.");
        await using var gate = new BuildGate();
        foreach (var service in services)
        {
            // Their first builds are one build.
            gate.Together.Changing(Path.GetFullPath(service.Project));
        }

        await Task.WhenAll(services.Select((service, index) => RunServiceAsync(service, _output.ForService(service.Name, index, width), gate, cancellationToken))).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        throw new DevLoopException(ErrorCodes.BuildFailed, $"Every service of {Path.GetFileName(_solution)} stopped (see above); watch ends.");
    }

    /// <summary>Until cancelled; a service that stops for any other reason is named and the others go on.</summary>
    private async Task RunServiceAsync(WatchedService service, ConsoleOutput output, BuildGate gate, CancellationToken cancellationToken)
    {
        try
        {
            await new ProjectWatch(service.Project, service.Settings, _args, output, gate, announceStop: false).RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // watch is stopping.
        }
        catch (DevLoopException e)
        {
            output.Error(e.Code, $"{e.Message} The service '{service.Name}' stopped; the other services go on.");
        }
        catch (Exception e)
        {
            output.Error(ErrorCodes.UnexpectedFailure, $"{e.GetType().Name}: {e.Message} The service '{service.Name}' stopped; the other services go on. This is a DevLoop bug: please report it with this output (-v shows where it failed).");
            output.Detail(e.ToString());
        }
        finally
        {
            // However it ended (even before its first save), the others' builds no longer wait for it.
            gate.Together.Decided(Path.GetFullPath(service.Project));
        }
    }
}
