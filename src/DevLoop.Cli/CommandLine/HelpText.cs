using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace DevLoop.Cli.CommandLine;

/// <summary>`--help`, `-h`, `-?` for the tool and each verb: System.CommandLine's help, then the DevLoop properties.</summary>
internal sealed class HelpText : SynchronousCommandLineAction
{
    private const string Properties = """
        DevLoop properties (-p:Name=Value, or in the project / Directory.Build.props):
          DevLoopTarget=local|docker|kubernetes   DevLoopContainer=NAME   DevLoopAppDir=/app
          docker: DevLoopContainer=NAME, or DevLoopComposeService=SERVICE (DevLoopComposeProject=PROJECT)
          DevLoopWatchInclude=GLOBS               DevLoopWatchExclude=GLOBS   DevLoopHotReload=true|false
          kubernetes: DevLoopWorkload=deployment/NAME or DevLoopSelector=LABELS, DevLoopContext,
          DevLoopNamespace, DevLoopContainer, DevLoopAllowedContexts=CONTEXT,…, DevLoopReadyTimeout=SECONDS,
          DevLoopPortForward=LOCAL:CONTAINER,… (watch)
        """;

    private readonly HelpAction _standard = new();

    public override int Invoke(ParseResult parseResult)
    {
        _standard.Invoke(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(Properties);
        return ExitCodes.Success;
    }
}
