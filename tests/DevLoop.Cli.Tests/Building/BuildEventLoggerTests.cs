using DevLoop.Cli.Building;
using Microsoft.Build.Framework;

namespace DevLoop.Cli.Tests.Building;

[Collection(MSBuildCollection.Name)]
public sealed class BuildEventLoggerTests
{
    [Fact]
    public void Errors_and_warnings_are_shown_once_each_relative_to_the_project_and_counted()
    {
        var lines = new List<string>();
        var logger = new BuildEventLogger("/src/app", lines.Add, verbose: false);

        logger.Error(new BuildErrorEventArgs(null, "CS1002", "/src/app/Program.cs", 3, 14, 3, 15, "; expected", null, "Csc") { ProjectFile = "/src/app/App.csproj" });
        logger.Error(new BuildErrorEventArgs(null, "CS1002", "/src/app/Program.cs", 3, 14, 3, 15, "; expected", null, "Csc") { ProjectFile = "/src/app/App.csproj" });
        logger.Warning(new BuildWarningEventArgs(null, "CS0168", "Lib.cs", 1, 2, 0, 0, "unused", null, "Csc") { ProjectFile = "/src/lib/Lib.csproj" });
        logger.Error(new BuildErrorEventArgs(null, "DL5001", null, 0, 0, 0, 0, "not synced", null, "DeployDev") { ProjectFile = "/src/app/App.csproj" });

        Assert.Equal(
            new[] { "Program.cs(3,14): error CS1002: ; expected", "../lib/Lib.cs(1,2): warning CS0168: unused", "App.csproj: error DL5001: not synced" },
            lines);
        Assert.Equal(2, logger.Errors);
        Assert.Equal(1, logger.Warnings);
    }

    [Fact]
    public void Messages_are_shown_only_when_verbose_and_only_high_importance_ones()
    {
        var quiet = new List<string>();
        new BuildEventLogger("/src/app", quiet.Add, verbose: false).Message(new BuildMessageEventArgs("App -> /src/app/bin/App.dll", null, "MSBuild", MessageImportance.High));
        Assert.Empty(quiet);

        var verbose = new List<string>();
        var logger = new BuildEventLogger("/src/app", verbose.Add, verbose: true);
        logger.Message(new BuildMessageEventArgs("App -> /src/app/bin/App.dll", null, "MSBuild", MessageImportance.High));
        logger.Message(new BuildMessageEventArgs("detail", null, "MSBuild", MessageImportance.Low));
        Assert.Equal(new[] { "App -> /src/app/bin/App.dll" }, verbose);
        Assert.Equal(LoggerVerbosity.Minimal, logger.Verbosity);
    }
}
