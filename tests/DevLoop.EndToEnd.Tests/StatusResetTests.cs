using System.Text.Json;
using DevLoop.Testing;

namespace DevLoop.EndToEnd.Tests;

/// <summary>`dotnet devloop status` and `reset` on Docker containers, as the packed tool runs them (Kubernetes: <see cref="KubernetesWatchTests"/>).</summary>
[Collection(EndToEndCollection.Name)]
public sealed class StatusResetTests
{
    private readonly PackedPackages _packages;

    public StatusResetTests(PackedPackages packages)
    {
        _packages = packages;
    }

    [Fact]
    public async Task Status_tells_what_each_container_runs_and_reset_puts_the_image_back_in_place_and_from_a_shadow_copy()
    {
        using var project = await UserProject.CreateAsync(_packages);
        project.SetResponse("Image v1");
        (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("first build");
        var commit = await project.CommitAsync();
        var tool = await project.InstallToolAsync(_packages);
        var composeProject = "devloop-e2e-" + Guid.NewGuid().ToString("N")[..8];
        string[] Labels(params string[] more) => new[] { "--label", "com.docker.compose.project=" + composeProject, "--label", "com.docker.compose.service=web" }.Concat(more).ToArray();
        // As root the app folder is written in place; as the image's non-root user, DevLoop syncs into a shadow copy.
        await using var inPlace = await Docker.StartAppAsync(Docker.StockImage, project.OutputDir, "Shop.dll", FreePort.Next(), Labels("--user", "0"));
        await using var shadow = await Docker.StartAppAsync(Docker.StockImage, project.OutputDir, "Shop.dll", FreePort.Next(), Labels());
        var containers = new[] { inPlace, shadow };
        foreach (var container in containers)
        {
            await Http.WaitForAsync(container.Url, b => b == "Image v1", TimeSpan.FromSeconds(30));
        }

        var properties = new[] { "-p:DevLoopTarget=docker", "-p:DevLoopComposeService=web", "-p:DevLoopComposeProject=" + composeProject };
        async Task<List<JsonElement>> StatusAsync()
        {
            var run = (await Run.ProcessAsync(tool, new[] { "status", "--json" }.Concat(properties), project.Dir, project.Environment, TimeSpan.FromMinutes(3))).EnsureSuccess("devloop status --json");
            using var document = JsonDocument.Parse(run.Stdout);
            return document.RootElement.GetProperty("targets").EnumerateArray().Select(e => e.Clone()).ToList();
        }

        var before = await StatusAsync();
        Assert.Equal(2, before.Count);
        Assert.All(before, row => Assert.False(row.GetProperty("differsFromImage").GetBoolean()));

        project.SetResponse("Synced v2");
        project.WriteStatic("added.txt", "a file the image does not have");
        (await project.DotNetAsync("build", "/t:DeployDev", "-nologo", properties[0], properties[1], properties[2], "-p:DevLoopAppDir=/app")).EnsureSuccess("DeployDev");
        foreach (var container in containers)
        {
            await Http.WaitForAsync(container.Url, b => b == "Synced v2", TimeSpan.FromSeconds(30));
        }

        // What a teammate sees: every container, that it differs from its image, from which commit, when and by whom.
        var synced = await StatusAsync();
        Assert.Equal(containers.Select(c => "container/" + c.Name).Order(StringComparer.Ordinal), synced.Select(r => r.GetProperty("target").GetString()));
        Assert.All(synced, row =>
        {
            Assert.Equal("Shop", row.GetProperty("service").GetString());
            Assert.True(row.GetProperty("ready").GetBoolean());
            Assert.True(row.GetProperty("differsFromImage").GetBoolean());
            Assert.Equal(commit, row.GetProperty("commit").GetString());
            Assert.Contains("@", row.GetProperty("syncedBy").GetString());
            Assert.True(DateTimeOffset.UtcNow - DateTimeOffset.Parse(row.GetProperty("syncedAt").GetString()!) < TimeSpan.FromMinutes(10));
        });
        var table = (await Run.ProcessAsync(tool, new[] { "status" }.Concat(properties), project.Dir, project.Environment, TimeSpan.FromMinutes(3))).EnsureSuccess("devloop status");
        Assert.Contains(commit[..12], table.Stdout);
        Assert.Contains("2 of 2 target(s) run code DevLoop synced", table.Stdout);

        Assert.Equal("/app/wwwroot/added.txt", (await Docker.OkAsync("exec", inPlace.Name, "ls", "/app/wwwroot/added.txt")).Trim());
        var pids = new Dictionary<string, string>();
        foreach (var container in containers)
        {
            pids[container.Name] = await container.InspectAsync("{{.State.Pid}} {{.State.StartedAt}}");
        }

        var reset = (await Run.ProcessAsync(tool, new[] { "reset" }.Concat(properties), project.Dir, project.Environment, TimeSpan.FromMinutes(3))).EnsureSuccess("devloop reset");

        Assert.Contains("Reset 2 container(s)", reset.Stdout);
        foreach (var container in containers)
        {
            // Restarted in place onto the image's files: the same container and process, the image's code.
            Assert.Equal("Image v1", await Http.GetAsync(container.Url));
            Assert.Equal(pids[container.Name], await container.InspectAsync("{{.State.Pid}} {{.State.StartedAt}}"));
        }

        Assert.Equal(string.Empty, (await Docker.RunAsync("exec", inPlace.Name, "ls", "/app/wwwroot/added.txt")).Stdout.Trim());
        var after = await StatusAsync();
        Assert.All(after, row =>
        {
            Assert.False(row.GetProperty("differsFromImage").GetBoolean());
            Assert.Equal(JsonValueKind.Null, row.GetProperty("commit").ValueKind);
        });

        var again = (await Run.ProcessAsync(tool, new[] { "reset" }.Concat(properties), project.Dir, project.Environment, TimeSpan.FromMinutes(3))).EnsureSuccess("devloop reset with nothing to reset");
        Assert.Contains("nothing to reset", again.Stdout);
    }
}
