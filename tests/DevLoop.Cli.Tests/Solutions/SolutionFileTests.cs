using DevLoop.Cli.Commands;
using DevLoop.Cli.Solutions;
using DevLoop.Core.Errors;
using DevLoop.Testing;

namespace DevLoop.Cli.Tests.Solutions;

public sealed class SolutionFileTests : IDisposable
{
    private readonly TempDirectory _dir = new("devloop-sln");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_sln_lists_its_projects_with_backslashes_and_without_solution_folders()
    {
        var sln = _dir.Write("Shop.sln", """
            Microsoft Visual Studio Solution File, Format Version 12.00
            # Visual Studio Version 17
            Project("{2150E333-8FDC-42A3-9474-1A3956D46DE8}") = "src", "src", "{11111111-1111-1111-1111-111111111111}"
            EndProject
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Orders", "src\Orders\Orders.csproj", "{22222222-2222-2222-2222-222222222222}"
            EndProject
            Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "Shared", "src\Shared\Shared.csproj", "{33333333-3333-3333-3333-333333333333}"
            EndProject
            Global
            EndGlobal
            """);

        Assert.Equal(new[] { _dir.Combine("src", "Orders", "Orders.csproj"), _dir.Combine("src", "Shared", "Shared.csproj") }, SolutionFile.Projects(sln));
    }

    [Fact]
    public void A_slnx_lists_its_projects_inside_folders_too()
    {
        var slnx = _dir.Write("Shop.slnx", """
            <Solution>
              <Folder Name="/src/">
                <Project Path="src/Billing/Billing.csproj" />
                <Project Path="src\Orders\Orders.csproj" Type="Classic C#" />
              </Folder>
              <Project Path="Shared/Shared.csproj" />
              <Folder Name="/Solution Items/">
                <File Path="README.md" />
              </Folder>
            </Solution>
            """);

        Assert.Equal(
            new[] { _dir.Combine("src", "Billing", "Billing.csproj"), _dir.Combine("src", "Orders", "Orders.csproj"), _dir.Combine("Shared", "Shared.csproj") },
            SolutionFile.Projects(slnx));
    }

    [Fact]
    public void A_broken_slnx_is_a_coded_error()
    {
        var slnx = _dir.Write("Shop.slnx", "<Solution><Project Path=");

        Assert.Equal(ErrorCodes.ProjectNotFound, Assert.Throws<DevLoopException>(() => SolutionFile.Projects(slnx)).Code);
    }

    [Fact]
    public void Watch_takes_the_folders_one_project_else_its_one_solution()
    {
        var solutionOnly = _dir.Combine("a");
        Directory.CreateDirectory(solutionOnly);
        var slnx = _dir.Write(Path.Combine("a", "Shop.slnx"), "<Solution />");
        var both = _dir.Combine("b");
        Directory.CreateDirectory(both);
        _dir.Write(Path.Combine("b", "Shop.slnx"), "<Solution />");
        var project = _dir.Write(Path.Combine("b", "Shop.csproj"), "<Project />");
        var two = _dir.Combine("c");
        Directory.CreateDirectory(two);
        _dir.Write(Path.Combine("c", "A.sln"), string.Empty);
        _dir.Write(Path.Combine("c", "B.slnx"), "<Solution />");

        Assert.Equal(slnx, ProjectLocator.LocateProjectOrSolution(solutionOnly));
        Assert.Equal(project, ProjectLocator.LocateProjectOrSolution(both));
        Assert.Equal(slnx, ProjectLocator.LocateProjectOrSolution(slnx));
        Assert.Contains("Several solution files", Assert.Throws<DevLoopException>(() => ProjectLocator.LocateProjectOrSolution(two)).Message);
    }
}
