using System.CommandLine;
using System.CommandLine.Parsing;
using DevLoop.Cli.Commands;

namespace DevLoop.Cli.CommandLine;

/// <summary>
/// One verb (`watch`, `sync`, `reset`) with the options every verb takes: the project, MSBuild
/// properties and verbosity. Its action hands the parsed <see cref="CliArguments"/> to the runner.
/// </summary>
internal sealed class VerbCommand : Command
{
    private readonly Option<string?> _project = new("--project")
    {
        Description = "The app's project file, a solution (every service in it; watch, status and reset), or a folder holding one. Default: the current folder.",
        HelpName = "PATH",
    };

    private readonly Argument<string?> _projectPath = new("PROJECT")
    {
        Description = "The same as --project PATH.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    // MSBuild's and the dotnet CLI's spellings: -p:N=V, /p:N=V, /property:N=V, --property N=V.
    private readonly Option<string[]> _properties = new("--property", "-p", "/p", "/property")
    {
        Description = "Set an MSBuild property for the build, as dotnet build does (several: -p:A=1;B=2, or repeat -p). The DevLoop properties are listed below.",
        HelpName = "Name=Value",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<bool> _verbose = new("--verbose", "-v")
    {
        Description = "Show the whole build output and DevLoop's per-file detail.",
    };

    private readonly Option<bool>? _json;

    /// <param name="json">Whether the verb can print a JSON document instead of text (--json).</param>
    public VerbCommand(string name, string description, CommandRunner run, bool json = false)
        : base(name, description)
    {
        Add(_projectPath);
        Add(_project);
        Add(_properties);
        Add(_verbose);
        if (json)
        {
            _json = new Option<bool>("--json") { Description = "Print JSON for scripts instead of the table." };
            Add(_json);
        }

        _projectPath.Validators.Add(RefuseOptionLookalike);
        _properties.Validators.Add(ValidateProperties);
        Validators.Add(RefuseTwoProjects);
        SetAction((result, cancellationToken) => run(ToArguments(result), cancellationToken));
    }

    public CliArguments ToArguments(ParseResult result)
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var text in result.GetValue(_properties) ?? Array.Empty<string>())
        {
            // Validated while parsing, so this cannot fail here.
            PropertyAssignments.TryParse(text, out var pairs, out _);
            foreach (var (key, value) in pairs)
            {
                properties[key] = value;
            }
        }

        return new CliArguments(Name, result.GetValue(_project) ?? result.GetValue(_projectPath), properties, result.GetValue(_verbose))
        {
            Json = _json is not null && result.GetValue(_json),
        };
    }

    // An argument slot takes any word, so without this `watch --colour` would read '--colour' as the project.
    private void RefuseOptionLookalike(ArgumentResult result)
    {
        if (result.Tokens.FirstOrDefault() is { } token && token.Value.StartsWith('-'))
        {
            result.AddError(UsageText.UnknownOption(token.Value, this));
        }
    }

    private static void ValidateProperties(OptionResult result)
    {
        foreach (var token in result.Tokens)
        {
            if (!PropertyAssignments.TryParse(token.Value, out _, out var error))
            {
                result.AddError(error!);
                return;
            }
        }
    }

    private void RefuseTwoProjects(CommandResult result)
    {
        if (result.GetResult(_project) is { Implicit: false } && result.GetResult(_projectPath) is { Tokens.Count: > 0 } path)
        {
            result.AddError($"The project is named twice ('{path.Tokens[0].Value}' and --project). Give it once.");
        }
    }
}
