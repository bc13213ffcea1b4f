using DevLoop.Testing;

namespace DevLoop.EndToEnd.Tests;

/// <summary>
/// A project made the way a user makes one: `dotnet new`, a nuget.config naming the local feed, and
/// `dotnet add package DevLoop.Build`, with a package folder of its own.
/// </summary>
public sealed class UserProject : IDisposable
{
    private readonly TempDirectory _root = new("devloop-e2e");

    private UserProject(string name)
    {
        Name = name;
        Dir = _root.Combine(name);
    }

    public string Name { get; }

    public string Dir { get; }

    public string Root => _root.Path;

    public string Framework { get; private set; } = "net10.0";

    public string OutputDir => Path.Combine(Dir, "bin", "Debug", Framework);

    /// <summary>Targets another framework than the SDK's own (net8.0: a .NET 8 app).</summary>
    public void UseFramework(string framework)
    {
        var csproj = Path.Combine(Dir, Name + ".csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace($"<TargetFramework>{Framework}</TargetFramework>", $"<TargetFramework>{framework}</TargetFramework>"));
        Framework = framework;
    }

    public Dictionary<string, string> Environment => new()
    {
        ["NUGET_PACKAGES"] = _root.Combine("packages"),
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    public static async Task<UserProject> CreateAsync(PackedPackages packages, string template = "web", string name = "Shop", bool withDevLoop = true)
    {
        var project = new UserProject(name);
        File.WriteAllText(project._root.Combine("nuget.config"), $"""
            <configuration>
              <packageSources>
                <add key="devloop" value="{packages.Feed}" />
              </packageSources>
            </configuration>
            """);
        Directory.CreateDirectory(project.Dir);
        (await project.DotNetAsync("new", template, "-o", project.Dir, "-n", name)).EnsureSuccess("dotnet new " + template);
        if (withDevLoop)
        {
            (await project.DotNetAsync("add", Path.Combine(project.Dir, name + ".csproj"), "package", "DevLoop.Build", "--version", packages.Version)).EnsureSuccess("dotnet add package");
        }

        return project;
    }

    public Task<ProcessResult> DotNetAsync(params string[] arguments) =>
        Run.DotNetAsync(arguments, Dir, Environment, TimeSpan.FromMinutes(5));

    public void SetResponse(string text, string extra = "")
    {
        File.WriteAllText(Path.Combine(Dir, "Program.cs"), $$"""
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.MapGet("/", () => "{{text}}");
            app.MapGet("/pid", () => Environment.ProcessId.ToString());
            {{extra}}
            app.Run();
            """);
    }

    /// <summary>
    /// An app whose answer to / comes from a method body in Texts.cs (what hot reload applies), with
    /// a counter at /count that only a process that keeps running keeps counting.
    /// </summary>
    public void SetHotReloadable(string text, string extraMember = "")
    {
        File.WriteAllText(Path.Combine(Dir, "Program.cs"), """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.MapGet("/", Texts.Message);
            app.MapGet("/count", Texts.Next);
            app.Run();
            """);
        File.WriteAllText(Path.Combine(Dir, "Texts.cs"), $$"""
            public static class Texts
            {
                private static int _count;
                {{extraMember}}

                public static string Message()
                {
                    return "{{text}}";
                }

                public static int Next() => ++_count;
            }
            """);
    }

    /// <summary>`dotnet new classlib` beside the app, referenced by it; returns the library's folder.</summary>
    public async Task<string> AddLibraryAsync(string name)
    {
        var dir = _root.Combine(name);
        (await DotNetAsync("new", "classlib", "-o", dir, "-n", name)).EnsureSuccess("dotnet new classlib");
        File.Delete(Path.Combine(dir, "Class1.cs"));
        (await DotNetAsync("add", Path.Combine(Dir, Name + ".csproj"), "reference", Path.Combine(dir, name + ".csproj"))).EnsureSuccess("dotnet add reference");
        return dir;
    }

    /// <summary>Another `dotnet new web` app beside this one, referencing DevLoop.Build; returns its folder.</summary>
    public async Task<string> AddAppAsync(string name, PackedPackages packages)
    {
        var dir = _root.Combine(name);
        (await DotNetAsync("new", "web", "-o", dir, "-n", name)).EnsureSuccess("dotnet new web " + name);
        (await DotNetAsync("add", Path.Combine(dir, name + ".csproj"), "package", "DevLoop.Build", "--version", packages.Version)).EnsureSuccess("dotnet add package");
        return dir;
    }

    /// <summary>`dotnet new sln` in the root with the projects added (a .slnx with SDK 10); returns its path.</summary>
    public async Task<string> AddSolutionAsync(string name, params string[] projects)
    {
        (await Run.DotNetAsync(new[] { "new", "sln", "-n", name, "-o", Root }, Root, Environment, TimeSpan.FromMinutes(2))).EnsureSuccess("dotnet new sln");
        var solution = Directory.GetFiles(Root, name + ".sln*").Single();
        (await Run.DotNetAsync(new[] { "sln", solution, "add" }.Concat(projects).ToArray(), Root, Environment, TimeSpan.FromMinutes(2))).EnsureSuccess("dotnet sln add");
        return solution;
    }

    /// <summary>Program.cs answering / with an expression rather than a literal.</summary>
    public void SetResponseExpression(string expression)
    {
        File.WriteAllText(Path.Combine(Dir, "Program.cs"), $$"""
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.MapGet("/", () => {{expression}});
            app.MapGet("/pid", () => Environment.ProcessId.ToString());
            app.Run();
            """);
    }

    public void WriteStatic(string name, string content)
    {
        Directory.CreateDirectory(Path.Combine(Dir, "wwwroot"));
        File.WriteAllText(Path.Combine(Dir, "wwwroot", name), content);
    }

    /// <summary>Makes the project's folder a Git repository with one commit; returns the commit's id.</summary>
    public async Task<string> CommitAsync()
    {
        foreach (var arguments in new[] { new[] { "init", "-q" }, new[] { "add", "-A" }, new[] { "-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "commit", "-qm", "first" } })
        {
            (await Run.ProcessAsync("git", arguments, Root, Environment, TimeSpan.FromMinutes(1))).EnsureSuccess("git " + string.Join(' ', arguments));
        }

        return (await Run.ProcessAsync("git", new[] { "rev-parse", "HEAD" }, Root, Environment, TimeSpan.FromMinutes(1))).EnsureSuccess("git rev-parse").Stdout.Trim();
    }

    /// <summary>Installs the packed DevLoop.Tool beside the project; returns the path of dotnet-devloop.</summary>
    public async Task<string> InstallToolAsync(PackedPackages packages)
    {
        var toolDir = Path.Combine(Root, "tools");
        (await Run.DotNetAsync(new[] { "tool", "install", "DevLoop.Tool", "--version", packages.Version, "--tool-path", toolDir }, Root, Environment))
            .EnsureSuccess("dotnet tool install");
        return Path.Combine(toolDir, "dotnet-devloop");
    }

    public void Dispose() => _root.Dispose();
}
