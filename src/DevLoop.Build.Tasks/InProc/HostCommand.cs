using System.CommandLine;

namespace DevLoop.Build.Tasks;

/// <summary>
/// The host program's command line: `deploy --property Name=Value …`. The .NET Framework task writes
/// it (see <see cref="HostCommandLine"/>); nobody types it, so errors name the contract, not a fix.
/// </summary>
internal static class HostCommand
{
    public static RootCommand Create(Func<IReadOnlyDictionary<string, string?>, CancellationToken, Task<int>> deploy)
    {
        var properties = new Option<string[]>(HostCommandLine.PropertyOption)
        {
            Description = "One DevLoop setting as Name=Value, named by its MSBuild property.",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        properties.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.IndexOf('=') <= 0))
            {
                result.AddError($"'{token.Value}' is not Name=Value.");
            }
        });

        var command = new Command(HostCommandLine.DeployCommand, "Sync a build output into the target the settings name (what DeployDev does).") { properties };
        command.SetAction((result, cancellationToken) =>
        {
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in result.GetValue(properties) ?? Array.Empty<string>())
            {
                var equals = pair.IndexOf('=');
                values[pair[..equals]] = pair[(equals + 1)..];
            }

            return deploy(values, cancellationToken);
        });
        return new RootCommand("DevLoop's engine for the DevLoopDeploy task on MSBuild for .NET Framework.") { command };
    }
}
