using System.Diagnostics;
using System.Runtime.CompilerServices;
using DevLoop.Testing;

namespace DevLoop.Bench;

/// <summary>
/// Issue 7, item 2: which build should watch run for one edit? A `dotnet build --no-restore` child
/// process (what the tool starts today, as a plain build) against an in-process build through the
/// SDK's MSBuild (Microsoft.Build + MSBuildLocator), and, as a third way, the child process with the
/// SDK's MSBuild server (a warm MSBuild in a process of its own), all on a fresh `dotnet new web` app,
/// taking turns in the same run: a one-line edit of Program.cs, then a build with nothing changed.
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
        void Edit(string text) => File.WriteAllText(program, original.Replace("Hello World!", text, StringComparison.Ordinal));
        (await Run.DotNetAsync(new[] { "restore", project, "-nologo", "-v:q" }, dir)).EnsureSuccess("restore");
        (await Run.DotNetAsync(new[] { "build", project, "--no-restore", "-nologo", "-v:q" }, dir)).EnsureSuccess("first build");

        // Each way's first edit of the session: the child pays its start every time, in-process only once.
        Edit("cold child");
        var coldChild = await ChildBuildAsync(project, server: false);
        Edit("cold server");
        var coldServer = await ChildBuildAsync(project, server: true);
        Edit("cold in-process");
        var workingSetBefore = Environment.WorkingSet;
        using var inProcess = NewBuilder();
        var coldInProcess = Time(() => BuildInProcess(inProcess, project));
        Console.WriteLine($"  in-process MSBuild from {AssemblyOf(inProcess)} ({sdk}) on {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");

        var ways = new[] { "child", "server", "in-process" };
        var edit = ways.ToDictionary(w => w, _ => new List<double>());
        var editCpu = ways.ToDictionary(w => w, _ => new List<double>());
        var noChange = ways.ToDictionary(w => w, _ => new List<double>());
        try
        {
            for (var i = 0; i < iterations; i++)
            {
                foreach (var way in ways)
                {
                    Edit($"Hello {i} ({way})");
                    var before = ProcessCpu.Read();
                    edit[way].Add(way == "in-process" ? Time(() => BuildInProcess(inProcess, project)) : await ChildBuildAsync(project, server: way == "server"));
                    var after = ProcessCpu.Read();
                    editCpu[way].Add(way == "in-process" ? ProcessCpu.SelfMs(before, after) : ProcessCpu.ChildrenMs(before, after));
                    noChange[way].Add(way == "in-process" ? Time(() => BuildInProcess(inProcess, project)) : await ChildBuildAsync(project, server: way == "server"));
                }
            }
        }
        finally
        {
            await Run.DotNetAsync(new[] { "build-server", "shutdown", "--msbuild" }, dir);
        }

        var workingSetGrowth = (Environment.WorkingSet - workingSetBefore) / (1024.0 * 1024.0);

        const string Child = "`dotnet build --no-restore` child process";
        const string Server = "the same with the MSBuild server (DOTNET_CLI_USE_MSBUILD_SERVER=1)";
        const string InProcess = "in-process MSBuild, warm";
        report.Add($"watch's build, first edit of a session: {Child}", Stats.Ms(coldChild), "reference");
        report.Add($"watch's build, first edit of a session: {Server}", Stats.Ms(coldServer), "reported");
        report.Add("watch's build, first edit of a session: in-process MSBuild (includes loading it)", Stats.Ms(coldInProcess), "reported");
        report.Add($"watch's build, one-line edit: {Child} (median)", Stats.Describe(edit["child"]), "reference");
        report.Add($"watch's build, one-line edit: {Server} (median)", Stats.Describe(edit["server"]), "reported");
        report.Add($"watch's build, one-line edit: {InProcess} (median)", Stats.Describe(edit["in-process"]), "reported");
        report.Add($"watch's build, nothing changed: {Child} (median)", Stats.Describe(noChange["child"]), "reference");
        report.Add($"watch's build, nothing changed: {Server} (median)", Stats.Describe(noChange["server"]), "reported");
        report.Add($"watch's build, nothing changed: {InProcess} (median)", Stats.Describe(noChange["in-process"]), "reported");
        report.Add($"watch's build, one-line edit, CPU of the build process (compiler server not counted): {Child} (median)", Stats.Describe(editCpu["child"]), "reported");
        report.Add($"watch's build, one-line edit, CPU of the build process (compiler server not counted): {InProcess} (median)", Stats.Describe(editCpu["in-process"]), "reported");
        report.Add("in-process MSBuild: growth of the process's working set after those builds", $"{workingSetGrowth:F0} MB", "reported");
        report.Add("watch's build, one-line edit: in-process saves (difference of medians)", Stats.Ms(Stats.Median(edit["child"]) - Stats.Median(edit["in-process"])), "reported");
    }

    /// <summary>As watch would run it: its output read line by line, errors picked out of it.</summary>
    private static async Task<double> ChildBuildAsync(string project, bool server)
    {
        var environment = new Dictionary<string, string> { ["DOTNET_CLI_USE_MSBUILD_SERVER"] = server ? "1" : "0" };
        var watch = Stopwatch.StartNew();
        (await Run.DotNetAsync(new[] { "build", project, "--no-restore", "-nologo", "-v:m", "-clp:NoSummary" }, Path.GetDirectoryName(project), environment)).EnsureSuccess("dotnet build");
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
