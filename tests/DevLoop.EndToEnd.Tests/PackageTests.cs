using System.IO.Compression;
using System.Xml.Linq;
using DevLoop.Testing;

namespace DevLoop.EndToEnd.Tests;

/// <summary>What the packages hold, pinned; and the .NET Framework path's host program, run from the package.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class PackageTests
{
    private readonly PackedPackages _packages;

    public PackageTests(PackedPackages packages)
    {
        _packages = packages;
    }

    private string Package(string id) => Path.Combine(_packages.Feed, $"{id}.{_packages.Version}.nupkg");

    private static List<string> Files(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        return zip.Entries.Select(e => e.FullName)
            .Where(n => !n.StartsWith("_rels/", StringComparison.Ordinal) && !n.StartsWith("package/", StringComparison.Ordinal) && n != "[Content_Types].xml")
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Docker.DotNet.Enhanced and what it needs on .NET 8; both packages ship them beside their own assemblies.</summary>
    private static readonly string[] DockerLibrary =
    {
        "Docker.DotNet.dll", "Docker.DotNet.Handler.Abstractions.dll", "Docker.DotNet.LegacyHttp.dll", "Docker.DotNet.NativeHttp.dll",
        "Docker.DotNet.NPipe.dll", "Docker.DotNet.Unix.dll", "Docker.DotNet.X509.dll", "Microsoft.Net.Http.Client.dll",
        "Microsoft.Extensions.Logging.Abstractions.dll", "Microsoft.Extensions.DependencyInjection.Abstractions.dll", "System.IO.Pipelines.dll",
    };

    [Fact]
    public void DevLoop_Build_holds_its_build_files_tasks_and_agent_and_no_MSBuild_assemblies()
    {
        Assert.Equal(
            new[]
            {
                "DevLoop.Build.nuspec",
                "agent/DevLoop.Agent.dll",
                "agent/DevLoop.Agent.runtimeconfig.json",
                "build/DevLoop.Build.props",
                "build/DevLoop.Build.targets",
                "build/DevLoop.Watch.targets",
                "buildMultiTargeting/DevLoop.Build.props",
                "buildMultiTargeting/DevLoop.Build.targets",
                "tasks/net472/DevLoop.Build.Tasks.dll",
                "tasks/net8.0/DevLoop.Build.Tasks.deps.json",
                "tasks/net8.0/DevLoop.Build.Tasks.dll",
                "tasks/net8.0/DevLoop.Build.Tasks.runtimeconfig.json",
                "tasks/net8.0/DevLoop.Core.dll",
                "tasks/net8.0/DevLoop.Docker.dll",
                "tasks/net8.0/DevLoop.Kubernetes.dll",
                "tasks/net8.0/DevLoop.Targets.dll",
                "tasks/net8.0/Docker.DotNet.Handler.Abstractions.dll",
                "tasks/net8.0/Docker.DotNet.LegacyHttp.dll",
                "tasks/net8.0/Docker.DotNet.NPipe.dll",
                "tasks/net8.0/Docker.DotNet.NativeHttp.dll",
                "tasks/net8.0/Docker.DotNet.Unix.dll",
                "tasks/net8.0/Docker.DotNet.X509.dll",
                "tasks/net8.0/Docker.DotNet.dll",
                "tasks/net8.0/Microsoft.Extensions.DependencyInjection.Abstractions.dll",
                "tasks/net8.0/Microsoft.Extensions.Logging.Abstractions.dll",
                "tasks/net8.0/Microsoft.Net.Http.Client.dll",
                "tasks/net8.0/System.CommandLine.dll",
                "tasks/net8.0/System.IO.Pipelines.dll",
                "tasks/net8.0/YamlDotNet.dll",
            },
            Files(Package("DevLoop.Build")));

        using var zip = ZipFile.OpenRead(Package("DevLoop.Build"));
        using var nuspec = zip.GetEntry("DevLoop.Build.nuspec")!.Open();
        var metadata = XDocument.Load(nuspec).Root!.Elements().First(e => e.Name.LocalName == "metadata");
        Assert.Equal("true", metadata.Elements().First(e => e.Name.LocalName == "developmentDependency").Value);
        Assert.DoesNotContain(metadata.Elements(), e => e.Name.LocalName == "dependencies" && e.HasElements);
    }

    /// <summary>net8.0 for machines with only .NET 8, net10.0 to load SDK 10's MSBuild in process; the SDK runs the newest the runtime can.</summary>
    [Theory]
    [InlineData("net8.0")]
    [InlineData("net10.0")]
    public void DevLoop_Tool_is_a_dotnet_tool_named_dotnet_devloop_for_each_runtime(string framework)
    {
        var files = Files(Package("DevLoop.Tool"));
        var folder = $"tools/{framework}/any/";
        Assert.Contains(folder + "dotnet-devloop.dll", files);
        Assert.Contains(folder + "DotnetToolSettings.xml", files);
        Assert.Contains(folder + "DevLoop.Core.dll", files);
        Assert.Contains(folder + "System.CommandLine.dll", files);
        Assert.Contains(folder + "Microsoft.Build.Locator.dll", files);
        // System.IO.Pipelines is part of .NET 10 itself.
        foreach (var library in DockerLibrary.Where(l => framework == "net8.0" || l != "System.IO.Pipelines.dll"))
        {
            Assert.Contains(folder + library, files);
        }

        // The in-process build runs on the SDK's own MSBuild: only the locator ships.
        Assert.Equal(
            new[] { "tools/net10.0/any/Microsoft.Build.Locator.dll", "tools/net8.0/any/Microsoft.Build.Locator.dll" },
            files.Where(f => f.Contains("Microsoft.Build", StringComparison.Ordinal) || f.Contains("NuGet.", StringComparison.Ordinal)));
        Assert.Equal(new[] { "tools/net10.0/any/", "tools/net8.0/any/" }, files.Where(f => f.StartsWith("tools/", StringComparison.Ordinal)).Select(f => string.Join('/', f.Split('/').Take(3)) + "/").Distinct());

        using var zip = ZipFile.OpenRead(Package("DevLoop.Tool"));
        using var settings = zip.GetEntry(folder + "DotnetToolSettings.xml")!.Open();
        Assert.Contains("<Command Name=\"dotnet-devloop\"", new StreamReader(settings).ReadToEnd());
    }

    [Fact]
    public async Task The_host_program_the_NET_Framework_task_runs_reports_through_prefixed_lines()
    {
        using var project = await UserProject.CreateAsync(_packages);
        (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("build");
        var host = Path.Combine(project.Environment["NUGET_PACKAGES"], "devloop.build", _packages.Version, "tasks", "net8.0", "DevLoop.Build.Tasks.dll");
        var state = Path.Combine(project.Root, "state");

        var bad = await Run.DotNetAsync(new[] { "exec", host, "deploy", "--property", "TargetDir=" + project.OutputDir, "--property", "DevLoopStateDir=" + state, "--property", "DevLoopTarget=heroku" });
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("devloop:error:DL2001:", bad.Stdout.Trim());

        var sandbox = Path.Combine(project.Root, "sandbox");
        var good = (await Run.DotNetAsync(new[] { "exec", host, "deploy", "--property", "TargetDir=" + project.OutputDir, "--property", "DevLoopStateDir=" + state, "--property", "DevLoopTarget=local", "--property", "DevLoopLocalDir=" + sandbox }))
            .EnsureSuccess("host deploy");
        Assert.Contains("devloop:info:DevLoop: synced", good.Stdout);
        Assert.Contains("devloop:warning:DL1010:", good.Stdout);
        Assert.True(File.Exists(Path.Combine(sandbox, "Shop.dll")));
    }

    [Fact]
    public async Task The_Docker_library_loads_and_reaches_the_engine_in_proc_in_the_host_program_and_on_NET_8()
    {
        using var project = await UserProject.CreateAsync(_packages);
        (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("build");
        var tasks = Path.Combine(project.Environment["NUGET_PACKAGES"], "devloop.build", _packages.Version, "tasks", "net8.0");
        const string missing = "devloop-no-such-container";

        // A missing container can only be reported after Docker.DotNet has asked the engine for it.
        var inProc = await project.DotNetAsync("build", "-nologo", "-t:DeployDev", "-p:DevLoopTarget=docker", "-p:DevLoopContainer=" + missing);
        Assert.NotEqual(0, inProc.ExitCode);
        Assert.Contains("DL1002", inProc.Output);

        var host = await Run.DotNetAsync(new[] { "exec", Path.Combine(tasks, "DevLoop.Build.Tasks.dll"), "deploy", "--property", "TargetDir=" + project.OutputDir, "--property", "DevLoopStateDir=" + Path.Combine(project.Root, "state"), "--property", "DevLoopTarget=docker", "--property", "DevLoopContainer=" + missing });
        Assert.StartsWith("devloop:error:DL1002:", host.Stdout.Trim());

        // The same host program in a container that has only the .NET 8 runtime, talking to the engine through its mounted socket.
        var net8 = await Testing.Docker.RunAsync(
            "run", "--rm", "--network", "host", "--user", "0", "-v", "/var/run/docker.sock:/var/run/docker.sock", "-v", tasks + ":/devloop:ro",
            Testing.Docker.Net8Image, "dotnet", "exec", "/devloop/DevLoop.Build.Tasks.dll", "deploy", "--property", "TargetDir=/app", "--property", "DevLoopStateDir=/tmp/state", "--property", "DevLoopTarget=docker", "--property", "DevLoopContainer=" + missing);
        Assert.StartsWith("devloop:error:DL1002:", net8.Stdout.Trim());
    }
}
