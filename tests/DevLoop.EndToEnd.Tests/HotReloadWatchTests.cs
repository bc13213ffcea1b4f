using DevLoop.Testing;

namespace DevLoop.EndToEnd.Tests;

/// <summary>
/// `dotnet devloop watch` hot reloading C# edits into running containers and pods: the process and
/// its state stay, edits a delta cannot carry restart with the build, and a restarted app comes back
/// running the same code.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class HotReloadWatchTests
{
    private readonly PackedPackages _packages;

    public HotReloadWatchTests(PackedPackages packages)
    {
        _packages = packages;
    }

    [Fact]
    public async Task Watch_hot_reloads_a_container_keeping_its_state_restarts_for_a_rude_edit_and_resumes_after_a_container_restart()
    {
        using var project = await UserProject.CreateAsync(_packages);
        project.SetHotReloadable("Hot v1");
        (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("first build");
        var tool = await project.InstallToolAsync(_packages);
        await using var container = await Docker.StartAppAsync(Docker.StockImage, project.OutputDir, "Shop.dll", FreePort.Next());
        await Http.WaitForAsync(container.Url, b => b == "Hot v1", TimeSpan.FromSeconds(30));

        await using var watch = WatchProcess.Start(tool, project.Dir, project.Environment, "watch", "-v", "-p:DevLoopTarget=docker", "-p:DevLoopContainer=" + container.Name);
        await watch.WaitForOutputAsync("Hot reload is on", TimeSpan.FromSeconds(120));
        await Http.WaitForAsync(container.Url, b => b == "Hot v1", TimeSpan.FromSeconds(30));
        var counted = int.Parse(await Http.GetAsync(container.Url + "count"));

        // A method body: applied in the running process, whose counter keeps counting.
        project.SetHotReloadable("Hot v2");
        await Http.WaitForAsync(container.Url, b => b == "Hot v2", TimeSpan.FromSeconds(60));
        Assert.True(int.Parse(await Http.GetAsync(container.Url + "count")) == counted + 1, "the app's process did not keep running:\n" + watch.Output);
        await watch.WaitForOutputAsync($"hot reload: 1 change applied to container '{container.Name}'", TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("restart needed", watch.Output);

        // The files follow: a container restart comes back running the same code, and hot reload goes on from it.
        await watch.WaitForOutputAsync("The files follow the code the apps run: synced", TimeSpan.FromSeconds(60));
        await Docker.OkAsync("restart", container.Name);
        await Http.WaitForAsync(container.Url, b => b == "Hot v2", TimeSpan.FromSeconds(60));
        Assert.Equal(1, int.Parse(await Http.GetAsync(container.Url + "count")));
        project.SetHotReloadable("Hot v3");
        await Http.WaitForAsync(container.Url, b => b == "Hot v3", TimeSpan.FromSeconds(60));
        Assert.Equal(2, int.Parse(await Http.GetAsync(container.Url + "count")));
        await watch.WaitForOutputAsync("restarted since with the build its files hold; hot reload goes on from that build", TimeSpan.FromSeconds(10));

        // A compile error: shown, and the app keeps serving what it ran.
        project.SetHotReloadable("Hot broken\" + ;");
        await watch.WaitForOutputAsync("error DL5001: The code has", TimeSpan.FromSeconds(60));
        Assert.Contains("error CS", watch.Output);
        Assert.Equal("Hot v3", await Http.GetAsync(container.Url));

        // A new member is more than a delta carries here: restart with the build, and say why.
        project.SetHotReloadable("Hot v4", "private static readonly string Prefix = \"p\";");
        await watch.WaitForOutputAsync("restart needed: a field (the running app would not give it the value a restart would) was added to Texts", TimeSpan.FromSeconds(60));
        await Http.WaitForAsync(container.Url, b => b == "Hot v4", TimeSpan.FromSeconds(60));
        Assert.Equal(1, int.Parse(await Http.GetAsync(container.Url + "count")));

        // After the restart, hot reload starts again from the new build.
        project.SetHotReloadable("Hot v5", "private static readonly string Prefix = \"p\";");
        await Http.WaitForAsync(container.Url, b => b == "Hot v5", TimeSpan.FromSeconds(60));
        Assert.Equal(2, int.Parse(await Http.GetAsync(container.Url + "count")));

        Assert.True(await watch.InterruptAsync(TimeSpan.FromSeconds(30)), watch.Output);
        Assert.Equal(0, watch.ExitCode);
    }

    [Fact]
    public async Task Watch_emits_an_edit_hot_reload_cannot_apply_from_the_warm_compilation_and_a_later_build_agrees()
    {
        using var project = await UserProject.CreateAsync(_packages);
        project.SetHotReloadable("Warm v1", "public static int Revision = 1;");
        (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("first build");
        var tool = await project.InstallToolAsync(_packages);
        await using var container = await Docker.StartAppAsync(Docker.StockImage, project.OutputDir, "Shop.dll", FreePort.Next());
        await Http.WaitForAsync(container.Url, b => b == "Warm v1", TimeSpan.FromSeconds(30));

        await using var watch = WatchProcess.Start(tool, project.Dir, project.Environment, "watch", "-v", "-p:DevLoopTarget=docker", "-p:DevLoopContainer=" + container.Name);
        await watch.WaitForOutputAsync("Edits hot reload cannot apply are compiled in process (the SDK's own compiler", TimeSpan.FromSeconds(120));
        Assert.Contains("The warm emit gave the build's own bytes (Shop.dll", watch.Output);

        // A field's type: no delta carries it; the assembly is emitted in process, synced and restarted, with no build.
        project.SetHotReloadable("Warm v2", "public static long Revision = 2;");
        await Http.WaitForAsync(container.Url, b => b == "Warm v2", TimeSpan.FromSeconds(60));
        await watch.WaitForOutputAsync("Edit to running in", TimeSpan.FromSeconds(30));
        Assert.Contains("restart needed: a declaration changed in Texts.cs", watch.Output);
        Assert.Contains("— compiled in process from the warm compilation in", watch.Output);
        Assert.Matches(@"Edit to running in \d+ ms: debounce \d+ ms, emit \d+ ms, sync", watch.Output);
        Assert.Equal("1", await Http.GetAsync(container.Url + "count"));

        // What the warm emit wrote is the build's: the IDE's `dotnet build` while watch runs keeps it.
        var emitted = File.ReadAllBytes(Path.Combine(project.OutputDir, "Shop.dll"));
        (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("the IDE's build while watch runs");
        Assert.Equal(emitted, File.ReadAllBytes(Path.Combine(project.OutputDir, "Shop.dll")));

        // Hot reload goes on from the emitted assembly.
        project.SetHotReloadable("Warm v3", "public static long Revision = 2;");
        await Http.WaitForAsync(container.Url, b => b == "Warm v3", TimeSpan.FromSeconds(60));
        await watch.WaitForOutputAsync($"hot reload: 1 change applied to container '{container.Name}'", TimeSpan.FromSeconds(10));
        Assert.Equal("2", await Http.GetAsync(container.Url + "count"));

        // A file the compilation does not read: the build, and the line says why.
        File.AppendAllText(Path.Combine(project.Dir, "appsettings.json"), "\n");
        await watch.WaitForOutputAsync("build: appsettings.json is not a C# source the compilation reads", TimeSpan.FromSeconds(60));
        await watch.WaitForOutputAsync(" ms, build ", TimeSpan.FromSeconds(60));
        Assert.True(await watch.InterruptAsync(TimeSpan.FromSeconds(30)), watch.Output);
        Assert.Equal(0, watch.ExitCode);
    }

    [Fact]
    public async Task Watch_emits_an_edit_to_a_referenced_library_and_the_app_too_when_the_librarys_surface_changes_and_a_later_build_agrees()
    {
        using var project = await UserProject.CreateAsync(_packages);
        var library = await project.AddLibraryAsync("Words");
        WriteWords(library, "Library v1", "public static int Revision = 1;");
        WriteAppOverWords(project, "App");
        (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("first build");
        var tool = await project.InstallToolAsync(_packages);
        await using var container = await Docker.StartAppAsync(Docker.StockImage, project.OutputDir, "Shop.dll", FreePort.Next());
        await Http.WaitForAsync(container.Url, b => b == "App Library v1 1", TimeSpan.FromSeconds(30));

        await using var watch = WatchProcess.Start(tool, project.Dir, project.Environment, "watch", "-v", "-p:DevLoopTarget=docker", "-p:DevLoopContainer=" + container.Name);
        await watch.WaitForOutputAsync("The warm emit gave the build's own bytes (Words.dll", TimeSpan.FromSeconds(120));

        // A method body in the library: the library alone is emitted in process, copied beside the app, synced and restarted.
        WriteWords(library, "Library v2", "public static int Revision = 1;");
        await Http.WaitForAsync(container.Url, b => b == "App Library v2 1", TimeSpan.FromSeconds(60));
        await watch.WaitForOutputAsync("Edit to running in", TimeSpan.FromSeconds(30));
        Assert.Contains("restart needed: Greeting.cs changed in Words — compiled in process from the warm compilations in", watch.Output);
        Assert.Matches(@"Edit to running in \d+ ms: debounce \d+ ms, emit \d+ ms, sync", watch.Output);

        // A field's type in the library: its reference assembly changes, so the app is emitted again
        // against it (the running app would fail on the old field otherwise).
        WriteWords(library, "Library v2", "public static long Revision = 2;");
        await Http.WaitForAsync(container.Url, b => b == "App Library v2 2", TimeSpan.FromSeconds(60));
        await watch.WaitForOutputAsync("restart needed: Greeting.cs changed in Words and Shop — compiled in process", TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("build: Greeting.cs", watch.Output);

        // What the warm emits wrote is the build's: the IDE's `dotnet build` while watch runs keeps it.
        var emitted = new[] { "Shop.dll", "Words.dll", "Words.pdb" }.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(project.OutputDir, f)));
        (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("the IDE's build while watch runs");
        foreach (var (file, bytes) in emitted)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(project.OutputDir, file))), $"{file} changed in the IDE's build after the warm emit");
        }

        // Hot reload goes on in the app, compiled against the library's new surface.
        WriteAppOverWords(project, "App v3");
        await Http.WaitForAsync(container.Url, b => b == "App v3 Library v2 2", TimeSpan.FromSeconds(60));
        await watch.WaitForOutputAsync($"hot reload: 1 change applied to container '{container.Name}'", TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("DL5001", watch.Output);

        // A library edit the app does not compile against: the errors, and the app keeps serving;
        // the app's fix is emitted with the new library beside it.
        WriteWords(library, "Library v3", "public static long Version = 3;");
        await watch.WaitForOutputAsync("error DL5001: The code has", TimeSpan.FromSeconds(60));
        // Once, as the build shows it: file(line,column): error code: message.
        Assert.Equal(1, watch.Count("error CS0117"));
        Assert.Matches(@"\w+\.cs\(\d+,\d+\): error CS0117: '[^']+' does not contain a definition for", watch.Output);
        Assert.Equal("App v3 Library v2 2", await Http.GetAsync(container.Url));
        // (Each next edit waits for watch to be done with the save before it, proof included: an edit
        // while it reads what the build did is refused by the proof, and builds.)
        var appProven = watch.Count(ProvenLine("Shop.dll"));
        WriteAppOverWords(project, "App v4", "Version");
        await Http.WaitForAsync(container.Url, b => b == "App v4 Library v3 3", TimeSpan.FromSeconds(60));
        await watch.WaitForOutputAsync(ProvenLine("Shop.dll"), appProven + 1, TimeSpan.FromSeconds(60));

        // The library's project file: a build, after which its compiler's arguments are read again, so
        // the define it adds reaches the next edit compiled in process.
        var libraryProven = watch.Count(ProvenLine("Words.dll"));
        var words = Path.Combine(library, "Words.csproj");
        File.WriteAllText(words, File.ReadAllText(words).Replace("</PropertyGroup>", "  <DefineConstants>$(DefineConstants);WORDS_LOUD</DefineConstants>\n  </PropertyGroup>", StringComparison.Ordinal));
        await watch.WaitForOutputAsync("build: Words.csproj", TimeSpan.FromSeconds(60));
        await watch.WaitForOutputAsync(ProvenLine("Words.dll"), libraryProven + 1, TimeSpan.FromSeconds(60));
        WriteWords(library, "Library v5", "public static long Version = 3;\n#if WORDS_LOUD\n    public static string Loud => \"LOUD\";\n#endif");
        await watch.WaitForOutputAsync("restart needed: Greeting.cs changed in Words and Shop — compiled in process", 2, TimeSpan.FromSeconds(60));
        await Http.WaitForAsync(container.Url, b => b == "App v4 Library v5 3", TimeSpan.FromSeconds(60));
        File.WriteAllText(Path.Combine(library, "Greeting.cs"), File.ReadAllText(Path.Combine(library, "Greeting.cs")).Replace("=> \"Library v5\";", "=> \"Library v5 \" + Loud;", StringComparison.Ordinal));
        await Http.WaitForAsync(container.Url, b => b == "App v4 Library v5 LOUD 3", TimeSpan.FromSeconds(60));
        await watch.WaitForOutputAsync("restart needed: Greeting.cs changed in Words — compiled in process", 2, TimeSpan.FromSeconds(30));
        Assert.True(await watch.InterruptAsync(TimeSpan.FromSeconds(30)), watch.Output);
        Assert.Equal(0, watch.ExitCode);
    }

    private static string ProvenLine(string assembly) => $"The warm emit gave the build's own bytes ({assembly}";

    private static void WriteWords(string library, string text, string revision) =>
        File.WriteAllText(Path.Combine(library, "Greeting.cs"), $$"""
            namespace Words;

            public static class Greeting
            {
                {{revision}}

                public static string Text() => "{{text}}";
            }
            """);

    private static void WriteAppOverWords(UserProject project, string prefix, string field = "Revision")
    {
        File.WriteAllText(Path.Combine(project.Dir, "Program.cs"), """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.MapGet("/", Texts.Message);
            app.MapGet("/count", Texts.Next);
            app.Run();
            """);
        File.WriteAllText(Path.Combine(project.Dir, "Texts.cs"), $$"""
            public static class Texts
            {
                private static int _count;

                public static string Message()
                {
                    return "{{prefix}} " + Words.Greeting.Text() + " " + Words.Greeting.{{field}};
                }

                public static int Next() => ++_count;
            }
            """);
    }

    [Fact]
    public async Task Watch_hot_reloads_a_dotnet_8_app_in_a_container_with_only_the_dotnet_8_runtime()
    {
        using var project = await UserProject.CreateAsync(_packages);
        project.UseFramework("net8.0");
        project.SetHotReloadable("Eight v1");
        (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("first build");
        var tool = await project.InstallToolAsync(_packages);
        await using var container = await Docker.StartAppAsync(Docker.Net8Image, project.OutputDir, "Shop.dll", FreePort.Next());
        await Http.WaitForAsync(container.Url, b => b == "Eight v1", TimeSpan.FromSeconds(30));

        await using var watch = WatchProcess.Start(tool, project.Dir, project.Environment, "watch", "-p:DevLoopTarget=docker", "-p:DevLoopContainer=" + container.Name);
        await watch.WaitForOutputAsync("Hot reload is on", TimeSpan.FromSeconds(120));
        Assert.Equal("1", await Http.GetAsync(container.Url + "count"));

        project.SetHotReloadable("Eight v2");
        await Http.WaitForAsync(container.Url, b => b == "Eight v2", TimeSpan.FromSeconds(60));
        Assert.True(await Http.GetAsync(container.Url + "count") == "2", "the app's process did not keep running:\n" + watch.Output);
        await watch.WaitForOutputAsync($"hot reload: 1 change applied to container '{container.Name}'", TimeSpan.FromSeconds(10));
        Assert.Contains("Starting again with DOTNET_MODIFIABLE_ASSEMBLIES=debug", await container.LogsAsync());
        Assert.True(await watch.InterruptAsync(TimeSpan.FromSeconds(30)), watch.Output);
    }

    [Fact]
    public async Task Watch_hot_reloads_every_replica_in_parallel_and_a_replacement_pod_joins_in()
    {
        const int replicas = 3;
        using var project = await UserProject.CreateAsync(_packages);
        project.SetHotReloadable("Kube hot v1");
        (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("first build");
        var tool = await project.InstallToolAsync(_packages);
        await using var cluster = await KubernetesCluster.StartAsync(project, replicas);
        var pods = await cluster.ReadyPodsAsync(replicas);

        await using var watch = WatchProcess.Start(tool, project.Dir, project.Environment, new[] { "watch", "-v" }.Concat(cluster.Properties).ToArray());
        await watch.WaitForOutputAsync("Hot reload is on", TimeSpan.FromSeconds(120));
        var before = pods.ToDictionary(p => p, cluster.ContainerState);
        foreach (var pod in pods)
        {
            Assert.Equal("1", await Http.GetAsync(cluster.Url(pod) + "count"));
        }

        project.SetHotReloadable("Kube hot v2");
        foreach (var pod in pods)
        {
            await Http.WaitForAsync(cluster.Url(pod), b => b == "Kube hot v2", TimeSpan.FromSeconds(60));
            Assert.True(await Http.GetAsync(cluster.Url(pod) + "count") == "2", "the pod's process did not keep running:\n" + watch.Output);
            Assert.Equal(before[pod], cluster.ContainerState(pod));
        }

        await watch.WaitForOutputAsync("hot reload: 1 change applied to 3 pods of deployment/shop in dev", TimeSpan.FromSeconds(10));
        await watch.WaitForOutputAsync("The files follow the code the apps run: synced", TimeSpan.FromSeconds(60));

        // A replacement pod starts from the image; watch brings it up to the files, which hold the edit.
        await cluster.Server.DeletePodAsync(KubernetesCluster.Namespace, pods[0]);
        var now = await cluster.ReadyPodsAsync(replicas);
        var replacement = Assert.Single(now.Except(pods));
        await watch.WaitForOutputAsync($"brought pod '{replacement}' up to date", TimeSpan.FromSeconds(60));
        await Http.WaitForAsync(cluster.Url(replacement), b => b == "Kube hot v2", TimeSpan.FromSeconds(30));

        // The next edit reaches all three as a delta, the replacement from its own build.
        project.SetHotReloadable("Kube hot v3");
        foreach (var pod in now)
        {
            await Http.WaitForAsync(cluster.Url(pod), b => b == "Kube hot v3", TimeSpan.FromSeconds(60));
        }

        await watch.WaitForOutputAsync("hot reload: 1 change applied to 3 pods of deployment/shop in dev", 2, TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("restart needed", watch.Output);
        Assert.DoesNotContain("DL5010", watch.Output);
        Assert.True(await watch.InterruptAsync(TimeSpan.FromSeconds(30)), watch.Output);
    }
}
