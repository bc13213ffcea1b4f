using System.CommandLine;
using System.CommandLine.Help;
using DevLoop.Core.Errors;

namespace DevLoop.Cli.CommandLine;

/// <summary>`dotnet devloop`'s command line: the verbs, help, version, and DL5003 for what it cannot run.</summary>
internal static class ToolCommandLine
{
    public static RootCommand Create(CommandRunner run)
    {
        var root = new RootCommand("DevLoop: sync a build's output into a running app (local process, Docker container or Kubernetes pods) and restart it in place.")
        {
            new VerbCommand("watch", "On every save, hot reload C# edits into the running app, or build, sync and restart; show the app's output. Ctrl+C stops (a second Ctrl+C leaves at once).", run),
            new VerbCommand("sync", "Build, sync and restart once: the same as dotnet build /t:DeployDev.", run),
            new VerbCommand("status", "Show every target of the project or of each service of the solution: ready or not, whether DevLoop changed it, the commit and time of the last sync, whether it differs from its image, and the GitOps owner (kubernetes). Read from the targets, not from local state.", run, json: true),
            new VerbCommand("reset", "Put back what the images declare, for the project or each service of the solution: kubernetes deletes the pods DevLoop changed so their controller recreates them; docker puts back the image's files in each container and restarts the app in place.", run),
        };
        root.HelpName = UsageText.Tool;
        var help = new HelpText();
        root.Options.OfType<HelpOption>().Single().Action = help;
        root.Options.OfType<VersionOption>().Single().Action = new VersionAction();
        root.SetAction(help.Invoke);
        return root;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandRunner run, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var result = Create(run).Parse(WithHelpVerb(args));
        if (result.Errors.Count > 0)
        {
            await error.WriteLineAsync($"devloop: error {ErrorCodes.BadArguments}: {UsageText.Describe(result)}").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,

            // Program owns Ctrl+C (first graceful, second forced) and the exceptions (DLnnnn codes).
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        return await result.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    // `dotnet devloop help [VERB]`, which earlier versions took, is `[VERB] --help`.
    private static IReadOnlyList<string> WithHelpVerb(IReadOnlyList<string> args) =>
        args.Count is 1 or 2 && args[0] == "help" ? args.Skip(1).Append("--help").ToList() : args;
}
