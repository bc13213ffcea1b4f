using DevLoop.Cli.Building;

namespace DevLoop.Cli.Tests.Building;

public sealed class BuildDiagnosticsTests
{
    [Fact]
    public void A_structured_error_is_worded_as_MSBuild_does_relative_to_the_project_and_counted()
    {
        var diagnostics = new BuildDiagnostics("/src/app");

        Assert.Equal("Program.cs(3,14): error CS1002: ; expected", diagnostics.Add(true, "CS1002", "; expected", "/src/app/Program.cs", 3, 14, "/src/app/App.csproj"));
        Assert.Equal(1, diagnostics.Errors);
        Assert.Equal(0, diagnostics.Warnings);
    }

    [Fact]
    public void Each_diagnostic_is_shown_once_however_often_it_is_raised()
    {
        var diagnostics = new BuildDiagnostics("/src/app");

        Assert.NotNull(diagnostics.Add(true, "CS1002", "; expected", "Program.cs", 3, 14, "/src/app/App.csproj"));
        Assert.Null(diagnostics.Add(true, "CS1002", "; expected", "/src/app/Program.cs", 3, 14, "/src/app/App.csproj"));
        Assert.Null(diagnostics.Add("/src/app/Program.cs(3,14): error CS1002: ; expected [/src/app/App.csproj]"));
        Assert.Equal(1, diagnostics.Errors);
    }

    [Fact]
    public void A_file_relative_to_a_referenced_project_is_made_relative_to_this_one()
    {
        var diagnostics = new BuildDiagnostics("/src/app");

        Assert.Equal("../lib/Lib.cs(1,2): warning CS0168: unused", diagnostics.Add(false, "CS0168", "unused", "Lib.cs", 1, 2, "/src/lib/Lib.csproj"));
        Assert.Equal(1, diagnostics.Warnings);
        Assert.Equal(0, diagnostics.Errors);
    }

    [Fact]
    public void Without_a_position_or_a_file_or_a_code_the_line_says_what_is_known()
    {
        var diagnostics = new BuildDiagnostics("/src/app");

        Assert.Equal("App.csproj: error DL5001: no", diagnostics.Add(true, "DL5001", "no", null, 0, 0, "/src/app/App.csproj"));
        Assert.Equal("Program.cs(7): warning: odd", diagnostics.Add(false, null, "odd", "/src/app/Program.cs", 7, 0, null));
        Assert.Equal("MSBUILD: error MSB1009: Project file does not exist.", diagnostics.Add(true, "MSB1009", "Project file does not exist.", null, 0, 0, null));
        Assert.Equal(2, diagnostics.Errors);
    }

    [Fact]
    public void A_child_builds_output_line_gives_the_same_wording()
    {
        var diagnostics = new BuildDiagnostics("/src/app");

        Assert.Equal("Program.cs(3,14): error CS1002: ; expected", diagnostics.Add("/src/app/Program.cs(3,14): error CS1002: ; expected [/src/app/App.csproj]"));
        Assert.Null(diagnostics.Add("  Determining projects to restore..."));
    }
}
