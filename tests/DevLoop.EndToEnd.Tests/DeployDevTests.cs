using DevLoop.Testing;

namespace DevLoop.EndToEnd.Tests;

/// <summary>`dotnet build /t:DeployDev` on a fresh project that references the packed DevLoop.Build, against a real container.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DeployDevTests
{
    private readonly PackedPackages _packages;

    public DeployDevTests(PackedPackages packages)
    {
        _packages = packages;
    }

    [Fact]
    public async Task DeployDev_swaps_the_new_code_into_the_running_container_without_restarting_it()
    {
        using var project = await UserProject.CreateAsync(_packages);
        project.SetResponse("Hello v1");
        (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("first build");
        var port = FreePort.Next();
        await using var container = await Docker.StartAppAsync(Docker.StockImage, project.OutputDir, "Shop.dll", port);
        await Http.WaitForAsync(container.Url, b => b == "Hello v1", TimeSpan.FromSeconds(30));
        var stateBefore = await container.InspectAsync("{{.State.Pid}} {{.State.StartedAt}} {{.RestartCount}}");

        project.SetResponse("Hello v2");
        var deploy = (await project.DotNetAsync("build", "/t:DeployDev", "-nologo", "-p:DevLoopTarget=docker", "-p:DevLoopContainer=" + container.Name)).EnsureSuccess("DeployDev");

        Assert.True(
            System.Text.RegularExpressions.Regex.IsMatch(deploy.Stdout, @"DevLoop: synced \d+ files? \([\d.]+ KB\) to container '.+' \([0-9a-f]{12}\) in \d+ ms; restarted in place in \d+ ms\."),
            deploy.Stdout);
        await Http.WaitForAsync(container.Url, b => b == "Hello v2", TimeSpan.FromSeconds(30));
        Assert.Equal("1", await Http.GetAsync(container.Url + "pid"));
        Assert.Equal(stateBefore, await container.InspectAsync("{{.State.Pid}} {{.State.StartedAt}} {{.RestartCount}}"));

        var again = (await project.DotNetAsync("build", "/t:DeployDev", "-nologo", "-p:DevLoopTarget=docker", "-p:DevLoopContainer=" + container.Name)).EnsureSuccess("DeployDev with nothing changed");
        Assert.Contains("is up to date (nothing changed", again.Stdout);

        // DeployDev starts the container's agent while the project builds; a build that fails then
        // changes nothing and leaves no agent behind.
        project.SetResponse("broken", "this is not C#");
        var broken = await project.DotNetAsync("build", "/t:DeployDev", "-nologo", "-p:DevLoopTarget=docker", "-p:DevLoopContainer=" + container.Name);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("error CS", broken.Stdout);
        Assert.Equal("Hello v2", await Http.GetAsync(container.Url));
        await WaitForNoAgentAsync(container);

        // The IDE build button: a plain Build with DevLoopDeployOnBuild=true deploys too.
        project.SetResponse("Hello v3", "app.UseStaticFiles();");
        project.WriteStatic("site.txt", "static v1");
        (await project.DotNetAsync("build", "-nologo", "-p:DevLoopDeployOnBuild=true", "-p:DevLoopTarget=docker", "-p:DevLoopContainer=" + container.Name)).EnsureSuccess("Build with DevLoopDeployOnBuild");
        await Http.WaitForAsync(container.Url, b => b == "Hello v3", TimeSpan.FromSeconds(30));
        Assert.Equal("static v1", await Http.GetAsync(container.Url + "site.txt"));
        Assert.Equal(stateBefore, await container.InspectAsync("{{.State.Pid}} {{.State.StartedAt}} {{.RestartCount}}"));

        // An edited static file travels from the project's wwwroot (the build output does not hold it).
        // The SDK rewrites its static web assets manifest too (ETags and lengths), so the app restarts.
        project.WriteStatic("site.txt", "static v2, longer");
        (await project.DotNetAsync("build", "/t:DeployDev", "-nologo", "-p:DevLoopTarget=docker", "-p:DevLoopContainer=" + container.Name)).EnsureSuccess("DeployDev of a static file");
        await Http.WaitForAsync(container.Url + "site.txt", b => b == "static v2, longer", TimeSpan.FromSeconds(30));
        Assert.Equal(stateBefore, await container.InspectAsync("{{.State.Pid}} {{.State.StartedAt}} {{.RestartCount}}"));
    }

    [Fact]
    public async Task DeployDev_syncs_every_container_of_a_Compose_service_found_by_its_labels_in_the_project_Compose_names()
    {
        using var project = await UserProject.CreateAsync(_packages);
        project.SetResponse("Hello v1");
        (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("first build");
        // The compose file beside the solution names the project, as `docker compose up` would.
        var composeProject = "devloop-e2e-" + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(Path.Combine(project.Root, "compose.yaml"), $"name: {composeProject}\nservices:\n  web:\n    build: Shop\n");
        string[] Labels(string service) => new[] { "--label", "com.docker.compose.project=" + composeProject, "--label", "com.docker.compose.service=" + service };
        await using var web1 = await Docker.StartAppAsync(Docker.StockImage, project.OutputDir, "Shop.dll", FreePort.Next(), Labels("web"));
        await using var web2 = await Docker.StartAppAsync(Docker.StockImage, project.OutputDir, "Shop.dll", FreePort.Next(), Labels("web"));
        await using var worker = await Docker.StartAppAsync(Docker.StockImage, project.OutputDir, "Shop.dll", FreePort.Next(), Labels("worker"));
        foreach (var container in new[] { web1, web2, worker })
        {
            await Http.WaitForAsync(container.Url, b => b == "Hello v1", TimeSpan.FromSeconds(30));
        }

        project.SetResponse("Hello v2");
        var deploy = (await project.DotNetAsync("build", "/t:DeployDev", "-nologo", "-p:DevLoopTarget=docker", "-p:DevLoopComposeService=web")).EnsureSuccess("DeployDev to a Compose service");

        Assert.Contains($"to 2 containers of Compose service 'web' (project '{composeProject}')", deploy.Stdout);
        Assert.Equal("Hello v2", await Http.GetAsync(web1.Url));
        Assert.Equal("Hello v2", await Http.GetAsync(web2.Url));
        Assert.Equal("Hello v1", await Http.GetAsync(worker.Url));

        var both = await project.DotNetAsync("build", "/t:DeployDev", "-nologo", "-p:DevLoopTarget=docker", "-p:DevLoopComposeService=web", "-p:DevLoopContainer=" + web1.Name);
        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("error DL2007", both.Stdout);

        var missing = await project.DotNetAsync("build", "/t:DeployDev", "-nologo", "-p:DevLoopTarget=docker", "-p:DevLoopComposeService=api");
        Assert.Contains("error DL1014", missing.Stdout);
        Assert.Contains($"{composeProject}/worker", missing.Stdout);
    }

    [Fact]
    public async Task Bad_settings_fail_the_build_with_coded_errors_and_change_nothing()
    {
        using var project = await UserProject.CreateAsync(_packages);

        var unknownTarget = await project.DotNetAsync("build", "/t:DeployDev", "-nologo", "-p:DevLoopTarget=heroku");
        Assert.NotEqual(0, unknownTarget.ExitCode);
        Assert.Contains("error DL2001", unknownTarget.Stdout);
        Assert.Contains("'heroku'", unknownTarget.Stdout);

        var noContainer = await project.DotNetAsync("build", "/t:DeployDev", "-nologo", "-p:DevLoopTarget=docker");
        Assert.Contains("error DL2002", noContainer.Stdout);

        var missing = await project.DotNetAsync("build", "/t:DeployDev", "-nologo", "-p:DevLoopTarget=docker", "-p:DevLoopContainer=devloop-e2e-missing");
        Assert.Contains("Shop.csproj : error DL1002", missing.Stdout);

        project.SetResponse("broken", "this is not C#");
        var compileError = await project.DotNetAsync("build", "/t:DeployDev", "-nologo", "-p:DevLoopTarget=docker", "-p:DevLoopContainer=devloop-e2e-missing");
        Assert.NotEqual(0, compileError.ExitCode);
        Assert.Contains("error CS", compileError.Stdout);
        Assert.DoesNotContain("DL1002", compileError.Stdout);
    }

    [Fact]
    public async Task A_class_library_is_refused_with_DL0001()
    {
        using var project = await UserProject.CreateAsync(_packages, template: "classlib", name: "Lib");

        var result = await project.DotNetAsync("build", "/t:DeployDev", "-nologo");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error DL0001", result.Stdout);
    }

    private static async Task WaitForNoAgentAsync(TestContainer container)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        string processes;
        while ((processes = await Docker.OkAsync("top", container.Name)).Contains("DevLoop.Agent.dll", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "An agent is still running in the container after DeployDev ended:\n" + processes);
            await Task.Delay(200);
        }
    }
}
