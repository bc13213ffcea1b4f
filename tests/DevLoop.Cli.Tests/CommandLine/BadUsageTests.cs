namespace DevLoop.Cli.Tests.CommandLine;

public sealed class BadUsageTests
{
    [Theory]
    [InlineData("watch", "--colour")]
    [InlineData("sync", "--no-build")]
    [InlineData("reset", "-x")]
    [InlineData("watch", "--foo=bar")]
    [InlineData("sync", "--json")]
    public async Task An_unknown_option_is_DL5003_naming_it_and_pointing_at_the_verbs_help(string verb, string option)
    {
        var run = await ToolRun.Of(verb, option);

        Assert.Equal(2, run.ExitCode);
        Assert.Null(run.Received);
        Assert.StartsWith("devloop: error DL5003: ", run.Error);
        Assert.Contains($"'{option.Split('=')[0]}'", run.Error);
        Assert.Contains($"dotnet devloop {verb} --help", run.Error);
    }

    [Fact]
    public async Task A_mistyped_option_gets_a_suggestion()
    {
        var run = await ToolRun.Of("watch", "--verbos");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Did you mean '--verbose'?", run.Error);
    }

    [Theory]
    [InlineData("wacth", "Did you mean 'watch'?")]
    [InlineData("deploy", "The commands are watch, sync, status, reset")]
    public async Task An_unknown_verb_is_DL5003_naming_it(string verb, string expected)
    {
        var run = await ToolRun.Of(verb);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("devloop: error DL5003: ", run.Error);
        Assert.Contains($"'{verb}'", run.Error);
        Assert.Contains(expected, run.Error);
        Assert.Contains("dotnet devloop --help", run.Error);
    }

    [Fact]
    public async Task An_option_before_the_verb_says_where_options_go()
    {
        var run = await ToolRun.Of("--verbose", "watch");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Option '--verbose' comes before the command", run.Error);
        Assert.Contains("dotnet devloop watch --verbose", run.Error);
    }

    [Fact]
    public async Task An_unknown_option_without_a_verb_is_named()
    {
        var run = await ToolRun.Of("--nonsense");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error DL5003: Unknown option '--nonsense'. Run 'dotnet devloop --help' for usage.", run.Error);
    }

    [Theory]
    [InlineData("-p")]
    [InlineData("--project")]
    public async Task An_option_missing_its_value_is_named(string option)
    {
        var run = await ToolRun.Of("watch", option);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"'{option}' needs a value", run.Error);
    }

    [Fact]
    public async Task A_second_positional_argument_is_refused()
    {
        var run = await ToolRun.Of("sync", "A.csproj", "extra");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'extra'", run.Error);
    }
}
