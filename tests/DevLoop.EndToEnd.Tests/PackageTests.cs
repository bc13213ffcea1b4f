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
                "tasks/net8.0/YamlDotNet.dll",
            },
            Files(Package("DevLoop.Build")));

        using var zip = ZipFile.OpenRead(Package("DevLoop.Build"));
        using var nuspec = zip.GetEntry("DevLoop.Build.nuspec")!.Open();
        var metadata = XDocument.Load(nuspec).Root!.Elements().First(e => e.Name.LocalName == "metadata");
        Assert.Equal("true", metadata.Elements().First(e => e.Name.LocalName == "developmentDependency").Value);
        Assert.DoesNotContain(metadata.Elements(), e => e.Name.LocalName == "dependencies" && e.HasElements);
    }

    [Fact]
    public void DevLoop_Tool_is_a_dotnet_tool_named_dotnet_devloop()
    {
        var files = Files(Package("DevLoop.Tool"));
        Assert.Contains("tools/net8.0/any/dotnet-devloop.dll", files);
        Assert.Contains("tools/net8.0/any/DotnetToolSettings.xml", files);
        Assert.Contains("tools/net8.0/any/DevLoop.Core.dll", files);
        Assert.DoesNotContain(files, f => f.Contains("Microsoft.Build", StringComparison.Ordinal));

        using var zip = ZipFile.OpenRead(Package("DevLoop.Tool"));
        using var settings = zip.GetEntry("tools/net8.0/any/DotnetToolSettings.xml")!.Open();
        Assert.Contains("<Command Name=\"dotnet-devloop\"", new StreamReader(settings).ReadToEnd());
    }

    [Fact]
    public async Task The_host_program_the_NET_Framework_task_runs_reports_through_prefixed_lines()
    {
        using var project = await UserProject.CreateAsync(_packages);
        (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("build");
        var host = Path.Combine(project.Environment["NUGET_PACKAGES"], "devloop.build", _packages.Version, "tasks", "net8.0", "DevLoop.Build.Tasks.dll");
        var state = Path.Combine(project.Root, "state");

        var bad = await Run.DotNetAsync(new[] { "exec", host, "deploy", "--output-dir", project.OutputDir, "--state-dir", state, "--target", "heroku" });
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("devloop:error:DL2001:", bad.Stdout.Trim());

        var sandbox = Path.Combine(project.Root, "sandbox");
        var good = (await Run.DotNetAsync(new[] { "exec", host, "deploy", "--output-dir", project.OutputDir, "--state-dir", state, "--target", "local", "--local-dir", sandbox }))
            .EnsureSuccess("host deploy");
        Assert.Contains("devloop:info:DevLoop: synced", good.Stdout);
        Assert.Contains("devloop:warning:DL1010:", good.Stdout);
        Assert.True(File.Exists(Path.Combine(sandbox, "Shop.dll")));
    }
}
