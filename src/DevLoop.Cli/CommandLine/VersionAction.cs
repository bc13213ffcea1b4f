using System.CommandLine;
using System.CommandLine.Invocation;

namespace DevLoop.Cli.CommandLine;

/// <summary>`dotnet devloop --version`: the package version alone on a line.</summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(ToolVersion.Text);
        return ExitCodes.Success;
    }
}
