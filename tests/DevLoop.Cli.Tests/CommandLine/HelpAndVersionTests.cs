using System.Reflection;

namespace DevLoop.Cli.Tests.CommandLine;

public sealed class HelpAndVersionTests
{
    public static TheoryData<string, string> VerbsAndHelpSwitches()
    {
        var data = new TheoryData<string, string>();
        foreach (var verb in new[] { "watch", "sync", "status", "reset" })
        {
            foreach (var help in new[] { "--help", "-h", "-?" })
            {
                data.Add(verb, help);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VerbsAndHelpSwitches))]
    public async Task Each_verb_has_help_naming_its_options_and_the_devloop_properties(string verb, string help)
    {
        var run = await ToolRun.Of(verb, help);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Assert.Null(run.Received);
        Assert.Contains($"dotnet devloop {verb}", run.Output);
        foreach (var option in new[] { "--project", "--property", "-p", "--verbose", "-v", "DevLoopTarget", "DevLoopWorkload" })
        {
            Assert.Contains(option, run.Output);
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    public async Task The_tools_help_lists_the_verbs_and_properties(string help)
    {
        var run = await ToolRun.Of(help);

        Assert.Equal(0, run.ExitCode);
        foreach (var text in new[] { "watch", "sync", "status", "reset", "--version", "DevLoopTarget=local|docker|kubernetes", "DevLoopAllowedContexts" })
        {
            Assert.Contains(text, run.Output);
        }
    }

    [Fact]
    public async Task No_arguments_show_the_help()
    {
        var run = await ToolRun.Of();

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("watch", run.Output);
        Assert.Null(run.Received);
    }

    [Fact]
    public async Task Version_is_the_package_version_without_a_commit_suffix()
    {
        // The build stamps the tool's informational version as package version + '+' + commit.
        var informational = Assembly.Load(new AssemblyName("dotnet-devloop")).GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Matches(@"^[^+]+(\+[0-9a-f]{40})?$", informational);
        var packageVersion = informational.Split('+')[0];

        var run = await ToolRun.Of("--version");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(packageVersion, run.Output.Trim());
        Assert.DoesNotContain("+", run.Output);
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", run.Output.Trim());
    }
}
