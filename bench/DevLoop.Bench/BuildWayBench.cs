using System.Diagnostics;
using System.Runtime.CompilerServices;
using DevLoop.Testing;

namespace DevLoop.Bench;

/// <summary>
/// Issue 7, item 2: which build should watch run for one edit? A `dotnet build --no-restore` child
/// process (what the tool starts today, as a plain build) against an in-process build through the
/// SDK's MSBuild (Microsoft.Build + MSBuildLocator), both on a fresh `dotnet new web` app, alternating
/// in the same run: a one-line edit of Program.cs, then a build with nothing changed.
/// </summary>
internal static class BuildWayBench
{
    public static async Task RunAsync(Report report, int iterations, string sdk)
    {
        using var work = new TempDirectory("devloop-bench-build");
        var dir = work.Combine("web");
        (await Run.DotNetAsync(new[] { "new", "web", "-o", dir, "-n", "Web" }, work.Path)).EnsureSuccess("dotnet new web");
        var project = Path.Combine(dir, "Web.csproj");
        var program = Path.Combine(dir, "Program.cs");
        var original = File.ReadAllText(program);
        (await Run.DotNetAsync(new[] { "restore", project, "-nologo", "-v:q" }, dir)).EnsureSuccess("restore");

        var coldChild = await ChildBuildAsync(project);
        using var inProcess = NewBuilder();
        var coldInProcess = Time(() => BuildInProcess(inProcess, project));
        Console.WriteLine($"  in-process MSBuild from {AssemblyOf(inProcess)} ({sdk}) on {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");

        var edit = (Child: new List<double>(), InProcess: new List<double>());
        var noChange = (Child: new List<double>(), InProcess: new List<double>());
        for (var i = 0; i < iterations; i++)
        {
            File.WriteAllText(program, original.Replace("Hello World!", $"Hello {i} (child)", StringComparison.Ordinal));
            edit.Child.Add(await ChildBuildAsync(project));
            noChange.Child.Add(await ChildBuildAsync(project));
            File.WriteAllText(program, original.Replace("Hello World!", $"Hello {i} (in-process)", StringComparison.Ordinal));
            edit.InProcess.Add(Time(() => BuildInProcess(inProcess, project)));
            noChange.InProcess.Add(Time(() => BuildInProcess(inProcess, project)));
        }

        report.Add("build for watch, first build after restore: `dotnet build --no-restore` child process", Stats.Ms(coldChild), "reference");
        report.Add("build for watch, first build after restore: in-process MSBuild (includes loading MSBuild)", Stats.Ms(coldInProcess), "reported");
        report.Add("build for watch, one-line edit: `dotnet build --no-restore` child process (median)", Stats.Describe(edit.Child), "reference");
        report.Add("build for watch, one-line edit: in-process MSBuild, warm (median)", Stats.Describe(edit.InProcess), "reported");
        report.Add("build for watch, nothing changed: `dotnet build --no-restore` child process (median)", Stats.Describe(noChange.Child), "reference");
        report.Add("build for watch, nothing changed: in-process MSBuild, warm (median)", Stats.Describe(noChange.InProcess), "reported");
        report.Add("build for watch, one-line edit: in-process saves (difference of medians)", Stats.Ms(Stats.Median(edit.Child) - Stats.Median(edit.InProcess)), "reported");
    }

    /// <summary>As watch would run it: its output read line by line, errors picked out of it.</summary>
    private static async Task<double> ChildBuildAsync(string project)
    {
        var watch = Stopwatch.StartNew();
        (await Run.DotNetAsync(new[] { "build", project, "--no-restore", "-nologo", "-v:m", "-clp:NoSummary" }, Path.GetDirectoryName(project))).EnsureSuccess("dotnet build");
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    // The Microsoft.Build types stay behind these methods so that nothing loads them before MSBuildLocator ran.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static InProcessBuilder NewBuilder() => new();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void BuildInProcess(InProcessBuilder builder, string project) => builder.Build(project);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string AssemblyOf(InProcessBuilder builder) => builder.MSBuildAssembly;
}
