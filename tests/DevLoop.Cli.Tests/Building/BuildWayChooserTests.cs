using DevLoop.Cli.Building;

namespace DevLoop.Cli.Tests.Building;

public sealed class BuildWayChooserTests
{
    private static readonly SdkInstance Sdk8 = new("8.0.404", "/dotnet/sdk/8.0.404/");
    private static readonly SdkInstance Sdk10 = new("10.0.401", "/dotnet/sdk/10.0.401/");

    [Fact]
    public void The_projects_SDK_that_this_runtime_can_load_builds_in_process()
    {
        var choice = BuildWayChooser.Choose(null, "10.0.401", 10, new[] { Sdk8, Sdk10 });

        Assert.Equal(BuildWay.InProcess, choice.Way);
        Assert.Same(Sdk10, choice.Sdk);
        Assert.Equal("building in process with SDK 10.0.401's MSBuild", choice.Reason);
    }

    [Fact]
    public void An_older_SDK_pinned_by_global_json_is_the_one_loaded_not_the_newest()
    {
        var choice = BuildWayChooser.Choose(null, "8.0.404", 10, new[] { Sdk10, Sdk8 });

        Assert.Equal(BuildWay.InProcess, choice.Way);
        Assert.Same(Sdk8, choice.Sdk);
    }

    [Fact]
    public void An_SDK_newer_than_the_runtime_builds_with_a_child_and_says_why()
    {
        var choice = BuildWayChooser.Choose(null, "10.0.401", 8, new[] { Sdk8, Sdk10 });

        Assert.Equal(BuildWay.ChildProcess, choice.Way);
        Assert.False(choice.Refused);
        Assert.Equal("building with 'dotnet build' (this tool runs on .NET 8, the project's SDK 10.0.401 needs .NET 10)", choice.Reason);
    }

    [Fact]
    public void A_preview_SDK_is_matched_by_its_full_version()
    {
        var preview = new SdkInstance("11.0.100-preview.1.26101.1", "/dotnet/sdk/11.0.100-preview.1.26101.1/");

        Assert.Same(preview, BuildWayChooser.Choose(null, preview.Version, 11, new[] { Sdk10, preview }).Sdk);
        Assert.Contains("needs .NET 11", BuildWayChooser.Choose(null, preview.Version, 10, new[] { Sdk10, preview }).Reason);
    }

    [Theory]
    [InlineData(null, "'dotnet --version' did not say which SDK the project uses")]
    [InlineData("9.0.100", "MSBuildLocator did not find the project's SDK 9.0.100")]
    [InlineData("banana", "the project's SDK version 'banana' could not be read")]
    public void Without_a_loadable_SDK_the_child_builds(string? projectSdk, string why)
    {
        var choice = BuildWayChooser.Choose(null, projectSdk, 10, new[] { Sdk8, Sdk10 });

        Assert.Equal(BuildWay.ChildProcess, choice.Way);
        Assert.Equal($"building with 'dotnet build' ({why})", choice.Reason);
    }

    [Theory]
    [InlineData("child")]
    [InlineData("CHILD")]
    public void DEVLOOP_BUILD_child_forces_the_child(string forced)
    {
        var choice = BuildWayChooser.Choose(forced, "10.0.401", 10, new[] { Sdk10 });

        Assert.Equal(BuildWay.ChildProcess, choice.Way);
        Assert.Equal("building with 'dotnet build' (DEVLOOP_BUILD=child)", choice.Reason);
    }

    [Fact]
    public void DEVLOOP_BUILD_inproc_builds_in_process_where_it_can_and_is_refused_where_it_cannot()
    {
        Assert.Equal(BuildWay.InProcess, BuildWayChooser.Choose("inproc", "10.0.401", 10, new[] { Sdk10 }).Way);

        var refused = BuildWayChooser.Choose("inproc", "10.0.401", 8, new[] { Sdk10 });
        Assert.True(refused.Refused);
        Assert.Contains("needs .NET 10", refused.Reason);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("child", true)]
    [InlineData("inproc", true)]
    [InlineData("InProc", true)]
    [InlineData("in-process", false)]
    [InlineData("server", false)]
    public void DEVLOOP_BUILD_values_are_known_or_not(string? value, bool known) => Assert.Equal(known, BuildWayChooser.IsKnown(value));
}
