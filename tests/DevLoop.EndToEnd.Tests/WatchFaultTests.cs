using DevLoop.Testing;

namespace DevLoop.EndToEnd.Tests;

/// <summary>
/// The fault suite's rows for `dotnet devloop watch` (the installed tool, a fresh project, a container
/// target): a burst of saves, and a compile error saved then fixed. One watch serves every run of a
/// row, as one session of a user would; see tests/DevLoop.Faults.Tests for the others.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class WatchFaultTests
{
    private readonly PackedPackages _packages;

    public WatchFaultTests(PackedPackages packages)
    {
        _packages = packages;
    }

    [Fact]
    public async Task A_hundred_saves_in_ten_seconds()
    {
        await using var session = await WatchSession.StartAsync(_packages);
        var saves = 0;
        await FaultRuns.RunAsync("watch: 100 saves in 10 seconds (method bodies, and every 25th a new endpoint)", async (run, ct) =>
        {
            var before = session.Counts();
            for (var i = 1; i <= 100; i++)
            {
                saves++;
                session.WriteText($"save {saves}");
                if (i % 25 == 0)
                {
                    session.AddEndpoint($"e{saves}");
                }

                await Task.Delay(100, ct);
            }

            // Nothing lost: the last save is what the app serves, with the last endpoint, and watch goes on.
            var last = $"save {saves}";
            string served;
            try
            {
                served = await Http.WaitForAsync(session.Url, b => b == last, TimeSpan.FromSeconds(120));
                await Http.WaitForAsync(session.Url + $"e{saves}", b => b == $"e{saves}", TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException e)
            {
                return new FaultOutcome(new VersionFound("lost", null, e.Message), session.Summary(before), false, true, false);
            }

            var found = new VersionFound("whole", saves, served);
            var errors = session.Counts().Errors - before.Errors;
            var next = await session.SaveAndServeAsync($"after {saves}");
            return new FaultOutcome(found, session.Summary(before), errors == 0 && !session.Watch.HasExited, false, next);
        });
    }

    [Fact]
    public async Task A_compile_error_saved_then_fixed()
    {
        await using var session = await WatchSession.StartAsync(_packages);
        var saves = 0;
        await FaultRuns.RunAsync("watch: a compile error saved, then fixed", async (run, ct) =>
        {
            var served = await Http.GetAsync(session.Url);
            var errorsBefore = session.Watch.Count("error CS1002");
            File.WriteAllText(Path.Combine(session.Project.Dir, "Texts.cs"), "public static class Texts { public static string Message() { return \"broken\" } public static int Next() => 0; }\n");
            await session.Watch.WaitForOutputAsync("error CS1002", errorsBefore + 1, TimeSpan.FromSeconds(60));
            await Task.Delay(2000, ct);

            // The app goes on serving the version before the error, whole; the error is said once, where it is.
            var kept = await Http.GetAsync(session.Url);
            var line = session.Watch.Output.Split('\n').Last(l => l.Contains("error CS1002", StringComparison.Ordinal)).Trim();
            var once = session.Watch.Count("error CS1002") == errorsBefore + 1;
            var found = kept == served ? new VersionFound("whole", run, kept) : new VersionFound("mixed", null, $"served '{kept}' after the error, '{served}' before");
            saves++;
            var next = await session.SaveAndServeAsync($"fixed {saves}");
            return new FaultOutcome(found, line, once && line.Contains("Texts.cs(1,", StringComparison.Ordinal), false, next);
        });
    }

    /// <summary>A fresh project built into a container, and the installed tool watching it.</summary>
    private sealed class WatchSession : IAsyncDisposable
    {
        private readonly TestContainer _container;
        private readonly List<string> _endpoints = new();

        private WatchSession(UserProject project, TestContainer container, WatchProcess watch)
        {
            Project = project;
            _container = container;
            Watch = watch;
        }

        public UserProject Project { get; }

        public WatchProcess Watch { get; }

        public string Url => _container.Url;

        public static async Task<WatchSession> StartAsync(PackedPackages packages)
        {
            var project = await UserProject.CreateAsync(packages);
            project.SetHotReloadable("save 0");
            (await project.DotNetAsync("build", "-nologo")).EnsureSuccess("first build");
            var tool = await project.InstallToolAsync(packages);
            var container = await Docker.StartAppAsync(Docker.StockImage, project.OutputDir, "Shop.dll", FreePort.Next());
            await Http.WaitForAsync(container.Url, b => b == "save 0", TimeSpan.FromSeconds(30));
            var watch = WatchProcess.Start(tool, project.Dir, project.Environment, "watch", "-p:DevLoopTarget=docker", "-p:DevLoopContainer=" + container.Name);
            await watch.WaitForOutputAsync($"[{container.Name}] ", TimeSpan.FromSeconds(120));
            return new WatchSession(project, container, watch);
        }

        /// <summary>A rude edit: a new endpoint in Program.cs, which needs a build and a restart.</summary>
        public void AddEndpoint(string name)
        {
            _endpoints.Add(name);
            File.WriteAllText(Path.Combine(Project.Dir, "Program.cs"), "var builder = WebApplication.CreateBuilder(args);\nvar app = builder.Build();\napp.MapGet(\"/\", Texts.Message);\napp.MapGet(\"/count\", Texts.Next);\n"
                + string.Concat(_endpoints.Select(e => $"app.MapGet(\"/{e}\", () => \"{e}\");\n")) + "app.Run();\n");
        }

        /// <summary>A method body edit: what hot reload applies.</summary>
        public void WriteText(string text) =>
            File.WriteAllText(Path.Combine(Project.Dir, "Texts.cs"), $"public static class Texts {{ private static int _count; public static string Message() {{ return \"{text}\"; }} public static int Next() => ++_count; }}\n");

        public async Task<bool> SaveAndServeAsync(string text)
        {
            WriteText(text);
            try
            {
                await Http.WaitForAsync(Url, b => b == text, TimeSpan.FromSeconds(90));
                return !Watch.HasExited;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        public (int HotReloads, int Edits, int Errors) Counts() =>
            (Watch.Count("hot reload: "), Watch.Count("Edit to running in"), Watch.Count(" error "));

        public string Summary((int HotReloads, int Edits, int Errors) before)
        {
            var now = Counts();
            var summary = $"{now.HotReloads - before.HotReloads} hot reloads applied, {now.Edits - before.Edits} edits to running, {now.Errors - before.Errors} errors";
            var errors = Watch.Output.Split('\n').Where(l => l.Contains(" error ", StringComparison.Ordinal)).Skip(before.Errors).Take(3).ToList();
            return errors.Count == 0 ? summary : summary + " (" + string.Join(" | ", errors.Select(e => e.Trim())) + ")";
        }

        public async ValueTask DisposeAsync()
        {
            await Watch.DisposeAsync();
            await _container.DisposeAsync();
            Project.Dispose();
        }
    }
}
