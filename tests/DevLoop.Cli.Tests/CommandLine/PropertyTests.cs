using DevLoop.Testing;

namespace DevLoop.Cli.Tests.CommandLine;

public sealed class PropertyTests
{
    [Theory]
    [InlineData("-p:DevLoopTarget=docker")]
    [InlineData("/p:DevLoopTarget=docker")]
    [InlineData("--property:DevLoopTarget=docker")]
    [InlineData("/property:DevLoopTarget=docker")]
    [InlineData("-p", "DevLoopTarget=docker")]
    [InlineData("--property", "DevLoopTarget=docker")]
    public async Task Every_msbuild_spelling_of_a_property_is_accepted(params string[] switches)
    {
        var run = await ToolRun.Of(new[] { "sync" }.Concat(switches).ToArray());

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("docker", Assert.Single(run.Received!.Properties, p => p.Key == "DevLoopTarget").Value);
        Assert.Equal(new[] { "-p:DevLoopTarget=docker" }, run.Received.PropertyArguments());
    }

    [Fact]
    public async Task Several_properties_by_semicolon_or_repetition_and_the_last_one_wins()
    {
        var run = await ToolRun.Of("watch", "-p:DevLoopTarget=docker;DevLoopContainer=web", "-p", "DevLoopAppDir=/srv", "/p:devlooptarget=kubernetes");

        Assert.Equal(3, run.Received!.Properties.Count);
        Assert.Equal("kubernetes", run.Received.Properties["DevLoopTarget"]);
        Assert.Equal("web", run.Received.Properties["DevLoopContainer"]);
        Assert.Equal("/srv", run.Received.Properties["DevLoopAppDir"]);
    }

    [Fact]
    public async Task A_value_with_commas_or_a_quoted_semicolon_stays_whole()
    {
        var run = await ToolRun.Of("watch", "-p:DevLoopSelector=app=orders,tier!=db", "-p:DevLoopAllowedContexts=\"staging;prod-*\"", "-p:DevLoopNamespace=");

        Assert.Equal("app=orders,tier!=db", run.Received!.Properties["DevLoopSelector"]);
        Assert.Equal("staging;prod-*", run.Received.Properties["DevLoopAllowedContexts"]);
        Assert.Equal(string.Empty, run.Received.Properties["DevLoopNamespace"]);
    }

    [Theory]
    [InlineData("-p:DevLoopTarget")]
    [InlineData("-p:=docker")]
    [InlineData("-p:1Target=docker")]
    [InlineData("-p:;")]
    public async Task A_property_that_is_not_name_equals_value_is_DL5003(string property)
    {
        var run = await ToolRun.Of("sync", property);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("devloop: error DL5003: ", run.Error);
        Assert.Null(run.Received);
    }

    [Fact]
    public async Task A_dash_p_followed_by_a_path_says_how_to_name_the_project()
    {
        var run = await ToolRun.Of("watch", "-p", "src/App");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'src/App' is not of the form Name=Value", run.Error);
        Assert.Contains("--project", run.Error);
    }

    [Fact]
    public async Task MSBuild_receives_commas_and_semicolons_inside_one_value()
    {
        using var dir = new TempDirectory();
        var project = dir.Write("probe.proj", "<Project><Target Name=\"Build\" /></Project>");
        var run = await ToolRun.Of("sync", "-p:DevLoopSelector=app=orders,tier!=db", "-p:DevLoopAllowedContexts=\"a;b\"");

        var result = await Run.DotNetAsync(new[] { "msbuild", project, "-nologo", "-getProperty:DevLoopSelector", "-getProperty:DevLoopAllowedContexts" }.Concat(run.Received!.PropertyArguments()), dir.Path);

        result.EnsureSuccess("dotnet msbuild -getProperty");
        Assert.Contains("\"DevLoopSelector\": \"app=orders,tier!=db\"", result.Stdout);
        Assert.Contains("\"DevLoopAllowedContexts\": \"a;b\"", result.Stdout);
    }
}
