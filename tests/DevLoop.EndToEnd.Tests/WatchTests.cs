using DevLoop.Testing;

namespace DevLoop.EndToEnd.Tests;

/// <summary>`dotnet devloop watch`, installed from the packed DevLoop.Tool, driving a fresh project on the local target.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class WatchTests
{
    private readonly PackedPackages _packages;

    public WatchTests(PackedPackages packages)
    {
        _packages = packages;
    }

    private Task<string> InstallToolAsync(UserProject project) => project.InstallToolAsync(_packages);

    [Fact]
    public async Task Watch_rebuilds_syncs_and_restarts_on_save_and_survives_a_compile_error()
    {
        using var project = await UserProject.CreateAsync(_packages);
        project.SetResponse("Watch v1");
        var tool = await InstallToolAsync(project);
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}/";
        var environment = new Dictionary<string, string>(project.Environment) { ["ASPNETCORE_URLS"] = url };

        // As on a fresh clone: never restored, so DevLoop.Build's settings exist only after a restore.
        Directory.Delete(Path.Combine(project.Dir, "obj"), recursive: true);
        await using var watch = WatchProcess.Start(tool, project.Dir, environment, "watch");
        await Http.WaitForAsync(url, b => b == "Watch v1", TimeSpan.FromSeconds(90));
        var pid = await Http.GetAsync(url + "pid");
        Assert.Contains("building in process with SDK", watch.Output);

        // A minimal API's handler (a lambda in the top-level statements): hot reloaded into the local app.
        project.SetResponse("Watch v2");
        await Http.WaitForAsync(url, b => b == "Watch v2", TimeSpan.FromSeconds(60));
        Assert.Equal(pid, await Http.GetAsync(url + "pid"));
        await watch.WaitForOutputAsync("hot reload: 1 change applied to ", TimeSpan.FromSeconds(10));
        Assert.Contains("[Shop] ", watch.Output);

        project.SetResponse("broken", "this is not C#");
        await watch.WaitForOutputAsync("error DL5001", TimeSpan.FromSeconds(60));
        Assert.Contains("error CS", watch.Output);
        Assert.Equal("Watch v2", await Http.GetAsync(url));

        project.SetResponse("Watch v3");
        await Http.WaitForAsync(url, b => b == "Watch v3", TimeSpan.FromSeconds(60));
        Assert.Equal(pid, await Http.GetAsync(url + "pid"));

        // A new endpoint is more than a delta carries: built, synced and restarted in place.
        project.SetResponse("Watch v4", "app.MapGet(\"/more\", () => \"more\");");
        await Http.WaitForAsync(url + "more", b => b == "more", TimeSpan.FromSeconds(60));
        Assert.Equal("Watch v4", await Http.GetAsync(url));
        await watch.WaitForOutputAsync("restart needed: ", TimeSpan.FromSeconds(10));
        await watch.WaitForOutputAsync("Edit to running in", TimeSpan.FromSeconds(10));
        Assert.Equal(pid, await Http.GetAsync(url + "pid"));

        Assert.True(await watch.InterruptAsync(TimeSpan.FromSeconds(30)), "watch did not stop after Ctrl+C:\n" + watch.Output);
        Assert.Equal(0, watch.ExitCode);
        await Assert.ThrowsAnyAsync<Exception>(() => Http.GetAsync(url));
    }

    [Fact]
    public async Task Watch_rebuilds_and_restarts_when_a_referenced_class_library_is_edited_or_gets_a_new_file()
    {
        using var project = await UserProject.CreateAsync(_packages);
        var library = await project.AddLibraryAsync("Texts");
        WriteGreeting(library, "Library v1");
        project.SetResponseExpression("Texts.Greeting.Text");
        var tool = await InstallToolAsync(project);
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}/";
        var environment = new Dictionary<string, string>(project.Environment) { ["ASPNETCORE_URLS"] = url };

        await using var watch = WatchProcess.Start(tool, project.Dir, environment, "watch");
        await Http.WaitForAsync(url, b => b == "Library v1", TimeSpan.FromSeconds(90));
        var pid = await Http.GetAsync(url + "pid");

        WriteGreeting(library, "Library v2");
        await Http.WaitForAsync(url, b => b == "Library v2", TimeSpan.FromSeconds(60));
        Assert.Equal(pid, await Http.GetAsync(url + "pid"));
        await watch.WaitForOutputAsync("Edit to running in", TimeSpan.FromSeconds(10));

        // A new file is a Compile item by glob: the list is read again and the file builds in.
        File.WriteAllText(Path.Combine(library, "Decoration.cs"), """
            namespace Texts;
            public static partial class Greeting
            {
                static partial void Decorate(ref string text) => text += " decorated";
            }
            """);
        await Http.WaitForAsync(url, b => b == "Library v2 decorated", TimeSpan.FromSeconds(60));
        Assert.Equal(pid, await Http.GetAsync(url + "pid"));

        Assert.True(await watch.InterruptAsync(TimeSpan.FromSeconds(30)), "watch did not stop after Ctrl+C:\n" + watch.Output);
        Assert.Equal(0, watch.ExitCode);
    }

    private static void WriteGreeting(string library, string text) =>
        File.WriteAllText(Path.Combine(library, "Greeting.cs"), $$"""
            namespace Texts;
            public static partial class Greeting
            {
                public static string Text
                {
                    get
                    {
                        var text = "{{text}}";
                        Decorate(ref text);
                        return text;
                    }
                }

                static partial void Decorate(ref string text);
            }
            """);

    [Fact]
    public async Task Watch_on_a_project_without_DevLoop_Build_says_how_to_add_it()
    {
        using var project = await UserProject.CreateAsync(_packages, withDevLoop: false);
        using var withTool = await UserProject.CreateAsync(_packages);
        var tool = await InstallToolAsync(withTool);

        var result = await Run.ProcessAsync(tool, new[] { "watch" }, project.Dir, project.Environment, TimeSpan.FromMinutes(3));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error DL5005", result.Output);
        Assert.Contains("dotnet add Shop.csproj package DevLoop.Build", result.Output);
    }

    [Fact]
    public async Task Watch_help_the_version_and_a_bad_option_from_the_installed_tool()
    {
        using var project = await UserProject.CreateAsync(_packages);
        var tool = await InstallToolAsync(project);

        var version = await Run.ProcessAsync(tool, new[] { "--version" }, project.Dir, project.Environment);
        var help = await Run.ProcessAsync(tool, new[] { "watch", "--help" }, project.Dir, project.Environment);
        var bad = await Run.ProcessAsync(tool, new[] { "watch", "--nope" }, project.Dir, project.Environment);

        Assert.Equal(_packages.Version, version.EnsureSuccess("--version").Stdout.Trim());
        Assert.Contains("dotnet devloop watch", help.EnsureSuccess("watch --help").Stdout);
        Assert.Contains("--project", help.Stdout);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("error DL5003: Unknown option '--nope'", bad.Stderr);
    }

    [Fact]
    public async Task Watch_against_a_container_streams_its_logs_with_the_container_name()
    {
        using var project = await UserProject.CreateAsync(_packages);
        project.SetResponse("Docker v1", "app.Logger.LogInformation(\"custom-startup-line\");");
        (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("first build");
        var tool = await InstallToolAsync(project);
        var port = FreePort.Next();
        await using var container = await Docker.StartAppAsync(Docker.StockImage, project.OutputDir, "Shop.dll", port);
        await Http.WaitForAsync(container.Url, b => b == "Docker v1", TimeSpan.FromSeconds(30));

        // The fallback way, forced: a `dotnet build` child per save.
        var environment = new Dictionary<string, string>(project.Environment) { ["DEVLOOP_BUILD"] = "child" };
        await using var watch = WatchProcess.Start(tool, project.Dir, environment, "watch", "-p:DevLoopTarget=docker", "-p:DevLoopContainer=" + container.Name);
        await watch.WaitForOutputAsync($"[{container.Name}] ", TimeSpan.FromSeconds(90));
        Assert.Contains("building with 'dotnet build' (DEVLOOP_BUILD=child)", watch.Output);

        // Hot reload reads the compiler's arguments with `dotnet msbuild` too; a new endpoint builds with `dotnet build`.
        project.SetResponse("Docker v2", "app.Logger.LogInformation(\"custom-startup-line\");");
        await Http.WaitForAsync(container.Url, b => b == "Docker v2", TimeSpan.FromSeconds(60));
        await watch.WaitForOutputAsync($"hot reload: 1 change applied to container '{container.Name}'", TimeSpan.FromSeconds(10));
        project.SetResponse("Docker v3", "app.Logger.LogInformation(\"custom-startup-line\"); app.MapGet(\"/more\", () => \"more\");");
        await Http.WaitForAsync(container.Url + "more", b => b == "more", TimeSpan.FromSeconds(60));
        Assert.Equal("1", await Http.GetAsync(container.Url + "pid"));
        await watch.WaitForOutputAsync("Edit to running in", TimeSpan.FromSeconds(10));
        Assert.True(await watch.InterruptAsync(TimeSpan.FromSeconds(30)), watch.Output);
        Assert.Equal("Docker v3", await Http.GetAsync(container.Url));
    }
}
