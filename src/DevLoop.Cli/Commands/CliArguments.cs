using DevLoop.Core.Errors;

namespace DevLoop.Cli.Commands;

/// <summary>`dotnet devloop VERB [--project P] [-p:Name=Value]… [--verbose]`.</summary>
internal sealed record CliArguments(string Verb, string? Project, IReadOnlyDictionary<string, string> Properties, bool Verbose)
{
    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            return new CliArguments("help", null, new Dictionary<string, string>(), false);
        }

        string? project = null;
        var verbose = false;
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--project" or "-p" && i + 1 < args.Count && !args[i + 1].StartsWith('-'))
            {
                project = args[++i];
            }
            else if (arg.StartsWith("-p:", StringComparison.Ordinal) || arg.StartsWith("/p:", StringComparison.Ordinal) || arg.StartsWith("--property:", StringComparison.Ordinal))
            {
                AddProperties(properties, arg[(arg.IndexOf(':') + 1)..]);
            }
            else if (arg is "--verbose" or "-v")
            {
                verbose = true;
            }
            else
            {
                throw new DevLoopException(ErrorCodes.BadArguments, $"Unknown argument '{arg}'. Run 'dotnet devloop --help' for usage.");
            }
        }

        return new CliArguments(args[0], project, properties, verbose);
    }

    private static void AddProperties(Dictionary<string, string> properties, string text)
    {
        foreach (var pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                throw new DevLoopException(ErrorCodes.BadArguments, $"'-p:{pair}' is not of the form -p:Name=Value.");
            }

            properties[pair[..equals]] = pair[(equals + 1)..];
        }
    }

    public IEnumerable<string> PropertyArguments() => Properties.Select(p => $"-p:{p.Key}={p.Value}");
}
