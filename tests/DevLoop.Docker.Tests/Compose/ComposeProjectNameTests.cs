using DevLoop.Docker.Compose;
using DevLoop.Testing;

namespace DevLoop.Docker.Tests.Compose;

/// <summary>The default Compose project, named as `docker compose` names it.</summary>
public sealed class ComposeProjectNameTests : IDisposable
{
    private readonly TempDirectory _root = new("devloop-compose");

    public void Dispose() => _root.Dispose();

    private static string? NoEnvironment(string name) => null;

    private string Folder(params string[] parts)
    {
        var path = Path.Combine(new[] { _root.Path }.Concat(parts).ToArray());
        Directory.CreateDirectory(path);
        return path;
    }

    [Fact]
    public void The_folder_holding_the_compose_file_found_upwards_names_the_project()
    {
        var solution = Folder("My Shop");
        File.WriteAllText(Path.Combine(solution, "compose.yaml"), "services:\n  web:\n    image: x\n");
        var project = Folder("My Shop", "src", "Web");

        var (name, origin) = ComposeProjectName.For(project, NoEnvironment);

        Assert.Equal("myshop", name);
        Assert.Contains(Path.Combine(solution, "compose.yaml"), origin);
    }

    [Fact]
    public void The_compose_files_top_level_name_wins_over_its_folder()
    {
        var solution = Folder("shop");
        File.WriteAllText(Path.Combine(solution, "docker-compose.yml"), "name: Store_Front\nservices:\n  web:\n    image: x\n");

        Assert.Equal("store_front", ComposeProjectName.For(solution, NoEnvironment).Name);
    }

    [Fact]
    public void COMPOSE_PROJECT_NAME_wins_from_the_environment_then_from_the_env_file_beside_the_compose_file()
    {
        var solution = Folder("shop");
        File.WriteAllText(Path.Combine(solution, "compose.yaml"), "name: fromfile\nservices: {}\n");
        File.WriteAllText(Path.Combine(solution, ".env"), "# comment\nOTHER=1\nCOMPOSE_PROJECT_NAME=\"fromdotenv\"\n");

        Assert.Equal("fromdotenv", ComposeProjectName.For(solution, NoEnvironment).Name);
        Assert.Equal("fromenv", ComposeProjectName.For(solution, n => n == "COMPOSE_PROJECT_NAME" ? "FromEnv" : null).Name);
    }

    [Fact]
    public void Without_a_compose_file_the_projects_folder_names_it()
    {
        var project = Folder("Orders.Api");

        var (name, origin) = ComposeProjectName.For(project, NoEnvironment);

        Assert.Equal("ordersapi", name);
        Assert.Contains("no compose file", origin);
    }

    [Fact]
    public void An_unreadable_compose_file_falls_back_to_its_folder()
    {
        var solution = Folder("shop");
        File.WriteAllText(Path.Combine(solution, "compose.yaml"), "name: [unclosed\n");

        Assert.Equal("shop", ComposeProjectName.For(solution, NoEnvironment).Name);
    }

    [Theory]
    [InlineData("My.Project", "myproject")]
    [InlineData("_-web_1", "web_1")]
    [InlineData("Café Shop", "cafshop")]
    public void Names_are_normalized_as_Compose_does(string raw, string expected)
    {
        Assert.Equal(expected, ComposeProjectName.Normalize(raw));
    }
}
