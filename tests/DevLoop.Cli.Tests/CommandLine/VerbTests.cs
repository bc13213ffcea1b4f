namespace DevLoop.Cli.Tests.CommandLine;

public sealed class VerbTests
{
    [Theory]
    [InlineData("watch")]
    [InlineData("sync")]
    [InlineData("status")]
    [InlineData("reset")]
    public async Task Each_verb_reaches_its_command_with_no_project_no_properties_and_quiet_output(string verb)
    {
        var run = await ToolRun.Of(verb);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Assert.NotNull(run.Received);
        Assert.Equal(verb, run.Received.Verb);
        Assert.Null(run.Received.Project);
        Assert.Empty(run.Received.Properties);
        Assert.False(run.Received.Verbose);
        Assert.False(run.Received.Json);
    }

    [Fact]
    public async Task Status_takes_json_and_a_solution_like_watch()
    {
        var run = await ToolRun.Of("status", "--json", "--project", "Shop.slnx");

        Assert.True(run.Received!.Json);
        Assert.Equal("Shop.slnx", run.Received.Project);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(130)]
    public async Task The_commands_exit_code_is_the_tools(int exitCode)
    {
        Assert.Equal(exitCode, (await ToolRun.With(exitCode, "sync")).ExitCode);
    }

    [Theory]
    [InlineData("--verbose")]
    [InlineData("-v")]
    public async Task Verbose_is_passed_on(string option)
    {
        Assert.True((await ToolRun.Of("watch", option)).Received!.Verbose);
    }

    [Fact]
    public async Task Project_is_taken_from_the_option()
    {
        Assert.Equal("src/App/App.csproj", (await ToolRun.Of("watch", "--project", "src/App/App.csproj")).Received!.Project);
        Assert.Equal("src/App", (await ToolRun.Of("sync", "--project:src/App")).Received!.Project);
    }

    [Fact]
    public async Task Project_is_taken_from_a_bare_path_as_dotnet_watch_does()
    {
        var run = await ToolRun.Of("watch", "App.csproj", "-p:DevLoopTarget=docker", "-v");

        Assert.Equal("App.csproj", run.Received!.Project);
        Assert.Equal("docker", run.Received.Properties["DevLoopTarget"]);
        Assert.True(run.Received.Verbose);
    }

    [Fact]
    public async Task A_property_value_after_a_separate_p_does_not_swallow_the_project_path()
    {
        var run = await ToolRun.Of("watch", "-p", "DevLoopTarget=docker", "App.csproj");

        Assert.Equal("App.csproj", run.Received!.Project);
        Assert.Equal("docker", run.Received.Properties["DevLoopTarget"]);
    }

    [Fact]
    public async Task The_arguments_the_end_to_end_tests_pass_are_accepted()
    {
        // KubernetesCluster.Properties, as KubernetesWatchTests passes them to watch and reset.
        var run = await ToolRun.Of("reset", "-p:DevLoopTarget=kubernetes", "-p:DevLoopKubeconfig=/tmp/devloop-e2e-1a2b/kubeconfig.yaml", "-p:DevLoopWorkload=deployment/shop", "-p:DevLoopNamespace=devloop-e2e");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("/tmp/devloop-e2e-1a2b/kubeconfig.yaml", run.Received!.Properties["DevLoopKubeconfig"]);
        Assert.Equal("deployment/shop", run.Received.Properties["DevLoopWorkload"]);
        Assert.Equal(4, run.Received.Properties.Count);
    }

    [Fact]
    public async Task Naming_the_project_twice_is_bad_usage()
    {
        var run = await ToolRun.Of("watch", "A.csproj", "--project", "B.csproj");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error DL5003", run.Error);
        Assert.Null(run.Received);
    }

    [Fact]
    public async Task Help_as_a_verb_still_shows_help()
    {
        var root = await ToolRun.Of("help");
        var watch = await ToolRun.Of("help", "watch");

        Assert.Equal(0, root.ExitCode);
        Assert.Contains("sync", root.Output);
        Assert.Contains("dotnet devloop watch", watch.Output);
        Assert.Null(watch.Received);
    }
}
