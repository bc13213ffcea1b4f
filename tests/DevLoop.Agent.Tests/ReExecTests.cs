namespace DevLoop.Agent.Tests;

public sealed class ReExecTests
{
    [Fact]
    public void Paths_into_the_old_app_folder_point_at_the_same_file_in_the_new_one()
    {
        using var shadow = new DevLoop.Testing.TempDirectory();
        shadow.Write("App.dll", "x");
        var roots = new[] { "/app" };

        Assert.Equal(shadow.Combine("App.dll"), ReExec.MapPath("App.dll", "/app", roots, shadow.Path));
        Assert.Equal(shadow.Combine("App.dll"), ReExec.MapPath("/app/App.dll", "/", roots, shadow.Path));
    }

    [Theory]
    [InlineData("--urls")]
    [InlineData("http://+:8080")]
    [InlineData("/usr/bin/dotnet")]
    [InlineData("/app/NotInShadow.dll")]
    public void Other_arguments_are_left_alone(string argument)
    {
        using var shadow = new DevLoop.Testing.TempDirectory();
        Assert.Equal(argument, ReExec.MapPath(argument, "/app", new[] { "/app" }, shadow.Path));
    }
}
