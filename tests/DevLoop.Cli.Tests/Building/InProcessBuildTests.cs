using System.Collections.Concurrent;
using System.Text;
using DevLoop.Cli.Building;
using DevLoop.Testing;

namespace DevLoop.Cli.Tests.Building;

/// <summary>A small library built in this process with the machine's SDK, the way watch builds each save.</summary>
[Collection(MSBuildCollection.Name)]
public sealed class InProcessBuildTests
{
    private const string Greeter = "namespace Lib;\n\npublic static class Greeter\n{\n    public static string Hello() => \"GREETING\";\n}\n";

    private readonly MSBuildFixture _msbuild;

    public InProcessBuildTests(MSBuildFixture msbuild)
    {
        _msbuild = msbuild;
    }

    private string Project(bool flag) =>
        $"<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net{_msbuild.SdkMajor}.0</TargetFramework>\n"
        + (flag ? "    <DefineConstants>$(DefineConstants);DEVLOOP_FLAG</DefineConstants>\n" : string.Empty)
        + "  </PropertyGroup>\n</Project>\n";

    [Fact]
    public async Task Builds_again_after_an_edit_reports_a_compile_error_as_a_structured_error_and_sees_a_project_file_change()
    {
        using var temp = new TempDirectory("devloop-inproc");
        var project = temp.Write("Lib/Lib.csproj", Project(flag: false));
        var source = temp.Write("Lib/Greeter.cs", Greeter.Replace("GREETING", "first", StringComparison.Ordinal));
        var dll = temp.Combine("Lib", "bin", "Debug", $"net{_msbuild.SdkMajor}.0", "Lib.dll");
        var lines = new ConcurrentQueue<string>();
        var properties = BuildProperties.For(new Dictionary<string, string>());
        await using var build = new InProcessBuild(project, properties, lines.Enqueue, verbose: false);

        var first = await build.BuildAsync(restore: true, CancellationToken.None);
        Assert.True(first.Succeeded, string.Join('\n', lines));
        Assert.True(Contains(dll, "first"));

        File.WriteAllText(source, Greeter.Replace("GREETING", "second", StringComparison.Ordinal));
        var second = await build.BuildAsync(restore: false, CancellationToken.None);
        Assert.True(second.Succeeded, string.Join('\n', lines));
        Assert.True(Contains(dll, "second"));
        Assert.Empty(lines);

        File.WriteAllText(source, Greeter.Replace("\"GREETING\";", "\"broken\"", StringComparison.Ordinal));
        var broken = await build.BuildAsync(restore: false, CancellationToken.None);
        Assert.False(broken.Succeeded);
        Assert.Equal(1, broken.Errors);
        Assert.Equal("Greeter.cs(5,45): error CS1002: ; expected", Assert.Single(lines));

        // The project file changes: the next build must evaluate it again and pass the new constant to the compiler.
        lines.Clear();
        File.WriteAllText(source, "#if DEVLOOP_FLAG\n#error DEVLOOP_FLAG reached the compiler\n#endif\n" + Greeter);
        File.WriteAllText(project, Project(flag: true));
        build.ProjectFilesChanged();
        var changed = await build.BuildAsync(restore: false, CancellationToken.None);
        Assert.False(changed.Succeeded);
        Assert.Contains(lines, l => l.StartsWith("Greeter.cs(2,8): error CS1029:", StringComparison.Ordinal) && l.Contains("DEVLOOP_FLAG reached the compiler", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_stops_the_build_and_the_session_can_still_be_disposed()
    {
        // MSBuild's in-process node works with the project's folder as the process's current directory, and a
        // build that does not stop within the wait is left running: the folder goes when the test process ends,
        // not at the end of this test (deleted under the node, its next getcwd fails and ends the test host).
        var temp = new TempDirectory("devloop-inproc-cancel");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => temp.Dispose();
        var project = temp.Write("Lib/Lib.csproj", Project(flag: false));
        temp.Write("Lib/Greeter.cs", Greeter);
        await using var build = new InProcessBuild(project, BuildProperties.For(new Dictionary<string, string>()), _ => { }, verbose: false);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => build.BuildAsync(restore: true, cancel.Token));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task The_compiler_arguments_name_the_referenced_projects_and_are_read_for_each_the_same_in_process_and_in_a_child()
    {
        using var temp = new TempDirectory("devloop-inproc-refs");
        temp.Write("Lib/Lib.csproj", Project(flag: false));
        temp.Write("Lib/Greeter.cs", Greeter);
        var app = temp.Write("App/App.csproj", Project(flag: false).Replace("</Project>", "  <ItemGroup>\n    <ProjectReference Include=\"../Lib/Lib.csproj\" />\n  </ItemGroup>\n</Project>", StringComparison.Ordinal));
        temp.Write("App/Use.cs", "public static class Use\n{\n    public static string Text() => Lib.Greeter.Hello();\n}\n");
        var properties = BuildProperties.For(new Dictionary<string, string> { ["Configuration"] = "Debug", ["RuntimeIdentifier"] = "linux-x64" });
        await using var inProcess = new InProcessBuild(app, properties, _ => { }, verbose: false);
        Assert.True((await inProcess.BuildAsync(restore: true, CancellationToken.None)).Succeeded);
        await using var child = new ChildProcessBuild(app, properties, new Output.ConsoleOutput(verbose: false));

        foreach (var way in new IProjectBuild[] { inProcess, child })
        {
            var read = await way.CompilerArgumentsAsync(null, CancellationToken.None);
            Assert.Contains(read.Arguments!, a => a.EndsWith("Use.cs", StringComparison.Ordinal));
            var lib = Assert.Single(read.References);
            Assert.Equal(temp.Combine("Lib", "Lib.csproj"), lib.Project);
            Assert.Equal(temp.Combine("Lib", "obj", "Debug", $"net{_msbuild.SdkMajor}.0", "ref", "Lib.dll"), lib.ReferencePath);
            Assert.Equal(temp.Combine("Lib", "bin", "Debug", $"net{_msbuild.SdkMajor}.0", "Lib.dll"), lib.TargetPath);

            // As the build hands them on: the app's properties, less those a library does not take (its runtime).
            Assert.Equal("Debug", lib.Properties["Configuration"]);
            Assert.False(lib.Properties.ContainsKey("RuntimeIdentifier"));

            var library = await way.CompilerArgumentsAsync(lib, CancellationToken.None);
            Assert.Contains(library.Arguments!, a => a.EndsWith("Greeter.cs", StringComparison.Ordinal));
            Assert.Contains(library.Arguments!, a => a.StartsWith("/out:", StringComparison.Ordinal) && a.EndsWith(Path.Combine("obj", "Debug", $"net{_msbuild.SdkMajor}.0", "Lib.dll"), StringComparison.Ordinal));
            Assert.Empty(library.References);
        }
    }

    [Fact]
    public async Task Two_apps_that_share_a_library_are_built_in_one_build_each_hearing_only_its_own_errors()
    {
        using var temp = new TempDirectory("devloop-inproc-together");
        temp.Write("Lib/Lib.csproj", Project(flag: false));
        temp.Write("Lib/Greeter.cs", Greeter);
        string App(string name, string body)
        {
            temp.Write($"{name}/Use.cs", "public static class Use\n{\n    public static string Text() => " + body + ";\n}\n");
            return temp.Write($"{name}/{name}.csproj", Project(flag: false).Replace("</Project>", "  <ItemGroup>\n    <ProjectReference Include=\"../Lib/Lib.csproj\" />\n  </ItemGroup>\n</Project>", StringComparison.Ordinal));
        }

        var orders = App("Orders", "Lib.Greeter.Hello()");
        var billing = App("Billing", "Lib.Greeter.Hello() + missing");
        var properties = BuildProperties.For(new Dictionary<string, string>());
        await using var gate = new BuildGate();
        var host = InProcessBuildHost.Of(gate);
        var ordersLines = new ConcurrentQueue<string>();
        var billingLines = new ConcurrentQueue<string>();
        await using var ordersBuild = new InProcessBuild(orders, properties, ordersLines.Enqueue, verbose: false, host);
        await using var billingBuild = new InProcessBuild(billing, properties, billingLines.Enqueue, verbose: false, host);
        Assert.True((await ordersBuild.BuildAsync(restore: true, CancellationToken.None)).Succeeded, string.Join('\n', ordersLines));
        await billingBuild.BuildAsync(restore: true, CancellationToken.None);
        ordersLines.Clear();
        billingLines.Clear();

        gate.Together.Changing(Path.GetFullPath(orders));
        gate.Together.Changing(Path.GetFullPath(billing));
        var both = await Task.WhenAll(ordersBuild.BuildAsync(restore: false, CancellationToken.None), billingBuild.BuildAsync(restore: false, CancellationToken.None));

        Assert.True(both[0].Succeeded, string.Join('\n', ordersLines));
        Assert.Equal(new[] { "Billing" }, both[0].BuiltWith);
        Assert.False(both[1].Succeeded);
        Assert.Equal(new[] { "Orders" }, both[1].BuiltWith);
        Assert.Empty(ordersLines);
        Assert.Contains(billingLines, l => l.Contains("error CS0103", StringComparison.Ordinal) && l.Contains("missing", StringComparison.Ordinal));
        Assert.Equal(1, both[1].Errors);

        // The library they share broken: built once, its errors heard by one service, and the other told where they are.
        temp.Write("Lib/Greeter.cs", Greeter.Replace("\"GREETING\";", "\"broken\"", StringComparison.Ordinal));
        temp.Write("Billing/Use.cs", "public static class Use\n{\n    public static string Text() => Lib.Greeter.Hello();\n}\n");
        ordersLines.Clear();
        billingLines.Clear();
        gate.Together.Changing(Path.GetFullPath(orders));
        gate.Together.Changing(Path.GetFullPath(billing));
        var broken = await Task.WhenAll(ordersBuild.BuildAsync(restore: false, CancellationToken.None), billingBuild.BuildAsync(restore: false, CancellationToken.None));

        Assert.All(broken, b => Assert.False(b.Succeeded));
        Assert.Equal(1, broken.Sum(b => b.Errors));
        var told = broken[0].Errors == 0 ? ordersLines : billingLines;
        Assert.Contains(told, l => l.Contains("a project it references failed to build in the same build", StringComparison.Ordinal));
    }

    private static bool Contains(string dll, string text)
    {
        // A C# string literal lands in the assembly's user-string heap as UTF-16.
        var bytes = File.ReadAllBytes(dll);
        return bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(text)) >= 0;
    }
}
