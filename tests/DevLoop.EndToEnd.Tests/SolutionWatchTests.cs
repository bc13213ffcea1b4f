using DevLoop.Testing;

namespace DevLoop.EndToEnd.Tests;

/// <summary>`dotnet devloop watch` on a solution of two services and a shared library, each service with its own target.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class SolutionWatchTests
{
    private readonly PackedPackages _packages;

    public SolutionWatchTests(PackedPackages packages)
    {
        _packages = packages;
    }

    [Fact]
    public async Task Watch_on_a_solution_brings_a_shared_library_edit_to_both_services_and_a_failing_service_does_not_stop_the_other()
    {
        // Orders (the project UserProject makes) syncs into a container; Billing runs on the local target.
        using var project = await UserProject.CreateAsync(_packages, name: "Orders");
        var billing = await project.AddAppAsync("Billing", _packages);
        var shared = await project.AddLibraryAsync("Shared");
        (await project.DotNetAsync("add", Path.Combine(billing, "Billing.csproj"), "reference", Path.Combine(shared, "Shared.csproj"))).EnsureSuccess("dotnet add reference");
        WriteShared(shared, "Shared v1");
        project.SetResponseExpression("\"orders: \" + Shared.Texts.Value");
        WriteProgram(billing, "\"billing: \" + Shared.Texts.Value");
        await project.AddSolutionAsync("Shop", project.Dir, billing, shared);
        (await project.DotNetAsync("build", Path.Combine(project.Dir, "Orders.csproj"), "-nologo")).EnsureSuccess("first build of Orders");
        var ordersPort = FreePort.Next();
        await using var container = await Docker.StartAppAsync(Docker.StockImage, project.OutputDir, "Orders.dll", ordersPort);
        SetProperties(Path.Combine(project.Dir, "Orders.csproj"), $"<DevLoopTarget>docker</DevLoopTarget><DevLoopContainer>{container.Name}</DevLoopContainer>");
        var billingUrl = $"http://127.0.0.1:{FreePort.Next()}/";
        var environment = new Dictionary<string, string>(project.Environment) { ["ASPNETCORE_URLS"] = billingUrl };
        var tool = await project.InstallToolAsync(_packages);

        await using var watch = WatchProcess.Start(tool, project.Root, environment, "watch", "-v");
        await Http.WaitForAsync(billingUrl, b => b == "billing: Shared v1", TimeSpan.FromSeconds(120));
        await Http.WaitForAsync(container.Url, b => b == "orders: Shared v1", TimeSpan.FromSeconds(60));
        await watch.WaitForOutputAsync("Watching 2 services of Shop.slnx: Billing → local, Orders → container", TimeSpan.FromSeconds(5));
        await watch.WaitForOutputAsync("The warm emit gave the build's own bytes (Shared.dll", 2, TimeSpan.FromSeconds(120));
        // Their first builds are one build (the library compiled once for both).
        Assert.Contains("Orders  | devloop: Built in one build with Billing in", watch.Output);
        Assert.Contains("Billing | devloop: Built in one build with Orders in", watch.Output);

        // One save in the library that changes its surface: both services compile it, and themselves against it,
        // in process (the second finds the library's new reference assembly the first wrote, and writes the same).
        WriteShared(shared, "Shared v2", extraMember: "public static int Revision = 2;");
        await Http.WaitForAsync(container.Url, b => b == "orders: Shared v2", TimeSpan.FromSeconds(60));
        await Http.WaitForAsync(billingUrl, b => b == "billing: Shared v2", TimeSpan.FromSeconds(60));
        await watch.WaitForOutputAsync("Orders  | devloop: Edit to running in", TimeSpan.FromSeconds(30));
        await watch.WaitForOutputAsync("Billing | devloop: Edit to running in", TimeSpan.FromSeconds(30));
        Assert.Contains("Orders  | devloop: restart needed: Texts.cs changed in Shared and Orders — compiled in process", watch.Output);
        Assert.Contains("Billing | devloop: restart needed: Texts.cs changed in Shared and Billing — compiled in process", watch.Output);

        // Billing broken: its errors are named with its prefix, and the next library edit still reaches Orders.
        WriteProgram(billing, "\"billing: \" + Shared.Texts.Value +");
        await watch.WaitForOutputAsync("error CS", TimeSpan.FromSeconds(60));
        Assert.Contains(watch.Output.Split('\n'), l => l.StartsWith("Billing | ", StringComparison.Ordinal) && l.Contains("error CS", StringComparison.Ordinal));
        WriteShared(shared, "Shared v3");
        await Http.WaitForAsync(container.Url, b => b == "orders: Shared v3", TimeSpan.FromSeconds(60));
        WriteProgram(billing, "\"billing: \" + Shared.Texts.Value");
        await Http.WaitForAsync(billingUrl, b => b == "billing: Shared v3", TimeSpan.FromSeconds(60));

        // Orders' container stopped: its sync fails, named, and Billing still gets the next edit; started again, both do.
        await Docker.OkAsync("stop", "-t", "1", container.Name);
        WriteShared(shared, "Shared v4");
        await Http.WaitForAsync(billingUrl, b => b == "billing: Shared v4", TimeSpan.FromSeconds(60));
        await watch.WaitForOutputAsync("Orders  | devloop: error", TimeSpan.FromSeconds(60));
        await Docker.OkAsync("start", container.Name);
        WriteShared(shared, "Shared v5");
        await Http.WaitForAsync(container.Url, b => b == "orders: Shared v5", TimeSpan.FromSeconds(90));
        await Http.WaitForAsync(billingUrl, b => b == "billing: Shared v5", TimeSpan.FromSeconds(60));

        // The library's project file changes: both services must build, and one build makes both.
        var sharedProject = Path.Combine(shared, "Shared.csproj");
        File.WriteAllText(sharedProject, File.ReadAllText(sharedProject).Replace("</Project>", "  <PropertyGroup>\n    <Description>v6</Description>\n  </PropertyGroup>\n</Project>", StringComparison.Ordinal));
        WriteShared(shared, "Shared v6");
        await Http.WaitForAsync(container.Url, b => b == "orders: Shared v6", TimeSpan.FromSeconds(90));
        await Http.WaitForAsync(billingUrl, b => b == "billing: Shared v6", TimeSpan.FromSeconds(60));
        await watch.WaitForOutputAsync("build (one build with Billing)", TimeSpan.FromSeconds(30));
        await watch.WaitForOutputAsync("build (one build with Orders)", TimeSpan.FromSeconds(30));

        Assert.True(await watch.InterruptAsync(TimeSpan.FromSeconds(30)), "watch did not stop after Ctrl+C:\n" + watch.Output);
        Assert.Equal(0, watch.ExitCode);
    }

    [Fact]
    public async Task Watch_on_a_solution_without_a_service_says_which_projects_it_read()
    {
        using var project = await UserProject.CreateAsync(_packages, name: "Web", withDevLoop: false);
        var library = await project.AddLibraryAsync("Shared");
        await project.AddSolutionAsync("Shop", project.Dir, library);
        using var withTool = await UserProject.CreateAsync(_packages);
        var tool = await withTool.InstallToolAsync(_packages);

        var result = await Run.ProcessAsync(tool, new[] { "watch" }, project.Root, project.Environment, TimeSpan.FromMinutes(3));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error DL5011", result.Output);
        Assert.Contains("Shared.csproj", result.Output);
        Assert.Contains("Web.csproj", result.Output);
    }

    private static void WriteShared(string dir, string text, string extraMember = "") =>
        File.WriteAllText(Path.Combine(dir, "Texts.cs"), $$"""
            namespace Shared;
            public static class Texts
            {
                {{extraMember}}
                public static string Value => "{{text}}";
            }
            """);

    private static void WriteProgram(string dir, string expression) =>
        File.WriteAllText(Path.Combine(dir, "Program.cs"), $$"""
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.MapGet("/", () => {{expression}});
            app.Run();
            """);

    private static void SetProperties(string csproj, string properties) =>
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("</PropertyGroup>", properties + "</PropertyGroup>"));
}
