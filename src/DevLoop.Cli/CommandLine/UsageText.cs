using System.CommandLine;
using System.CommandLine.Parsing;

namespace DevLoop.Cli.CommandLine;

/// <summary>What `dotnet devloop` says about a command line it cannot run (reported as DL5003).</summary>
internal static class UsageText
{
    public const string Tool = "dotnet devloop";

    public static string CommandText(Command command) => command is RootCommand ? Tool : $"{Tool} {command.Name}";

    public static string UnknownOption(string option, Command command)
    {
        var name = option.Split(':', '=')[0];
        if (command is RootCommand)
        {
            var verbOptions = Aliases(command.Subcommands.First());
            return verbOptions.Contains(name)
                ? $"Option '{name}' comes before the command; options go after it (e.g. '{Tool} watch {name}'). Run '{Tool} --help' for usage."
                : $"Unknown option '{name}'. Run '{Tool} --help' for usage.";
        }

        var aliases = Aliases(command);
        if (aliases.Contains(name))
        {
            // `dotnet devloop --verbose watch`: the parser reports the option as unmatched, but it only stood before the verb.
            return $"Option '{name}' comes before the command; options go after it (e.g. '{CommandText(command)} {name}'). Run '{CommandText(command)} --help' for usage.";
        }

        var closest = Suggestion.Closest(name, aliases);
        var hint = closest is null ? string.Empty : $" Did you mean '{closest}'?";
        return $"Unknown option '{name}' for '{CommandText(command)}'.{hint} Run '{CommandText(command)} --help' for its options.";
    }

    private static List<string> Aliases(Command command) =>
        command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Append(o.Name)).Where(a => a.StartsWith('-')).ToList();

    /// <summary>One sentence for the first problem in <paramref name="result"/>, naming the word at fault and where to read more.</summary>
    public static string Describe(ParseResult result)
    {
        var command = result.CommandResult.Command;
        if (result.UnmatchedTokens.FirstOrDefault() is { } word)
        {
            if (word.StartsWith('-'))
            {
                return UnknownOption(word, command);
            }

            if (command is RootCommand)
            {
                var closest = Suggestion.Closest(word, command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
                var hint = closest is null ? string.Empty : $" Did you mean '{closest}'?";
                return $"Unknown command '{word}'.{hint} The commands are {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}; run '{Tool} --help' for usage.";
            }

            return $"Unexpected argument '{word}': '{CommandText(command)}' takes one project path at most. Run '{CommandText(command)} --help' for usage.";
        }

        var error = result.Errors[0];
        if (error.SymbolResult is OptionResult { Tokens.Count: 0 } option)
        {
            var name = option.IdentifierToken?.Value ?? option.Option.Name;
            return $"'{name}' needs a value ({option.Option.HelpName ?? "a value"}). Run '{CommandText(command)} --help' for usage.";
        }

        return error.Message;
    }
}
