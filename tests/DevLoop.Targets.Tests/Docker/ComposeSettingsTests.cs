using DevLoop.Core.Errors;
using DevLoop.Targets.Docker;
using DevLoop.Targets.Settings;
using DevLoop.Testing;

namespace DevLoop.Targets.Tests.Docker;

public sealed class ComposeSettingsTests
{
    private static DevLoopSettings Settings(params (string Name, string Value)[] values)
    {
        var all = new Dictionary<string, string?>
        {
            ["DevLoopTarget"] = "docker",
            ["DevLoopStateDir"] = "/p/obj/devloop/",
            ["TargetDir"] = "/p/bin/Debug/net10.0/",
        };
        foreach (var (name, value) in values)
        {
            all[name] = value;
        }

        return DevLoopSettings.From(all);
    }

    [Fact]
    public void A_named_container_is_no_Compose_service()
    {
        Assert.Null(DockerProvider.ComposeServiceOf(Settings(("DevLoopContainer", "web"))));
    }

    [Fact]
    public void The_project_named_is_used_as_given()
    {
        var (service, origin) = DockerProvider.ComposeServiceOf(Settings(("DevLoopComposeService", "web"), ("DevLoopComposeProject", "shop"))).GetValueOrDefault();

        Assert.Equal(("shop", "web"), (service.Project, service.Service));
        Assert.Equal("DevLoopComposeProject", origin);
    }

    [Fact]
    public void Without_a_project_it_is_named_as_Compose_names_it_from_the_projects_folder()
    {
        using var root = new TempDirectory("devloop-compose");
        root.Write("compose.yaml", "name: storefront\nservices: {}\n");
        var projectDir = root.Combine("src", "Web");
        Directory.CreateDirectory(projectDir);

        var (service, _) = DockerProvider.ComposeServiceOf(Settings(("DevLoopComposeService", "web"), ("MSBuildProjectDirectory", projectDir))).GetValueOrDefault();

        Assert.Equal("storefront", service.Project);
    }

    [Fact]
    public void A_container_and_a_Compose_service_together_are_DL2007()
    {
        var error = Assert.Throws<DevLoopException>(() => DockerProvider.ComposeServiceOf(Settings(("DevLoopContainer", "web-1"), ("DevLoopComposeService", "web"))));

        Assert.Equal(ErrorCodes.ConflictingSettings, error.Code);
        Assert.Contains("Choose one", error.Message);
    }

    [Fact]
    public void A_Compose_project_without_a_service_is_DL2007_and_names_the_missing_setting()
    {
        var error = Assert.Throws<DevLoopException>(() => DockerProvider.ComposeServiceOf(Settings(("DevLoopComposeProject", "shop"))));

        Assert.Equal(ErrorCodes.ConflictingSettings, error.Code);
        Assert.Contains("DevLoopComposeService", error.Message);
    }
}
