namespace DevLoop.Cli.Commands;

/// <summary>
/// What a verb receives from the command line (`dotnet devloop VERB [PROJECT] [--project P]
/// [-p:Name=Value]… [--verbose]`), built by <see cref="CommandLine.ToolCommandLine"/>.
/// </summary>
internal sealed record CliArguments(string Verb, string? Project, IReadOnlyDictionary<string, string> Properties, bool Verbose)
{
    /// <summary>`status --json`: a document for scripts instead of the table.</summary>
    public bool Json { get; init; }

    /// <summary>
    /// The properties as MSBuild switches. MSBuild splits a -p: value at ',' and ';', so those are
    /// escaped (%2C, %3B) to reach the build as one value: `DevLoopSelector=app=orders,tier!=db`.
    /// </summary>
    public IEnumerable<string> PropertyArguments() => Properties.Select(p => $"-p:{p.Key}={Building.BuildProperties.Escape(p.Value)}");
}
