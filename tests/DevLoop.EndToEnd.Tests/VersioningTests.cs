using System.Text.Json;
using DevLoop.Testing;

namespace DevLoop.EndToEnd.Tests;

/// <summary>
/// The repository's versioning (version.json, Nerdbank.GitVersioning, src/Directory.Build.*), run on a
/// repository of its own holding those files and one small packable project, so commits, branches and
/// clones can be made freely: each commit packs a version of its own, and a clone without history
/// still builds, with the fallback version and a message that says why.
/// </summary>
public sealed class VersioningTests : IDisposable
{
    private static readonly string[] VersioningFiles = { "version.json", "Directory.Build.props", "NuGet.config", "src/Directory.Build.props", "src/Directory.Build.targets" };

    private readonly TempDirectory _dir = new("devloop-versioning");

    private string Repo => _dir.Combine("repo");

    [Fact]
    public async Task Each_commit_packs_a_version_of_its_own_and_off_main_the_version_names_the_commit()
    {
        await MakeRepoAsync();
        await GitAsync(Repo, "commit", "-q", "-m", "first");
        var first = await VersionAsync(Repo);
        await GitAsync(Repo, "commit", "-q", "--allow-empty", "-m", "second");
        var second = await VersionAsync(Repo);

        Assert.Matches(@"^0\.1\.\d+$", first.Package);
        Assert.Matches(@"^0\.1\.\d+$", second.Package);
        Assert.NotEqual(first.Package, second.Package);
        Assert.Equal(second.Package + "+" + await HeadAsync(Repo), second.Informational);

        await GitAsync(Repo, "switch", "-q", "-c", "feature");
        await GitAsync(Repo, "commit", "-q", "--allow-empty", "-m", "on a branch");
        var feature = await VersionAsync(Repo);
        Assert.Matches(@"^0\.1\.\d+-g[0-9a-f]{10}$", feature.Package);
        Assert.StartsWith(feature.Package[(feature.Package.IndexOf("-g", StringComparison.Ordinal) + 2)..], await HeadAsync(Repo), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shallow_clone_and_a_copy_without_git_pack_the_fallback_version_and_say_why()
    {
        await MakeRepoAsync();
        await GitAsync(Repo, "commit", "-q", "-m", "first");
        await GitAsync(Repo, "commit", "-q", "--allow-empty", "-m", "second");
        var shallow = _dir.Combine("shallow");
        await GitAsync(_dir.Path, "clone", "-q", "--depth", "1", "file://" + Repo, shallow);

        var pack = (await Run.DotNetAsync(new[] { "pack", Path.Combine(shallow, "src", "Probe"), "-c", "Release", "-nologo", "-o", _dir.Combine("out") }, shallow, timeout: TimeSpan.FromMinutes(3))).EnsureSuccess("dotnet pack in a shallow clone");
        Assert.True(File.Exists(_dir.Combine("out", "Probe.0.1.0-nogit.nupkg")), pack.Output);
        Assert.Contains("this clone has no git history (no .git, or a shallow clone), so it packs version 0.1.0-nogit", pack.Output, StringComparison.Ordinal);

        Directory.Delete(Path.Combine(shallow, ".git"), recursive: true);
        Assert.Equal(new Versions("0.1.0-nogit", "0.1.0-nogit"), await VersionAsync(shallow));
    }

    [Fact]
    public async Task A_version_given_by_the_caller_wins_everywhere()
    {
        await MakeRepoAsync();
        await GitAsync(Repo, "commit", "-q", "-m", "first");

        Assert.Equal(new Versions("7.7.7-e2e.1", "7.7.7-e2e.1"), await VersionAsync(Repo, "-p:DevLoopVersionOverride=7.7.7-e2e.1"));
    }

    public void Dispose() => _dir.Dispose();

    private async Task MakeRepoAsync()
    {
        foreach (var file in VersioningFiles)
        {
            var target = Path.Combine(Repo, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(RepoPaths.Root, file), target);
        }

        Directory.CreateDirectory(Path.Combine(Repo, "src", "Probe"));
        File.WriteAllText(Path.Combine(Repo, "src", "Probe", "Probe.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <IsPackable>true</IsPackable>
              </PropertyGroup>
            </Project>
            """);
        await GitAsync(_dir.Path, "init", "-q", "-b", "main", Repo);
        await GitAsync(Repo, "add", "-A");
    }

    private static async Task<Versions> VersionAsync(string repo, params string[] extra)
    {
        var run = (await Run.DotNetAsync(new[] { "msbuild", Path.Combine(repo, "src", "Probe"), "-restore", "-nologo", "-t:GetBuildVersion", "-getProperty:PackageVersion", "-getProperty:AssemblyInformationalVersion" }.Concat(extra), repo, timeout: TimeSpan.FromMinutes(3)))
            .EnsureSuccess("reading the version");
        var json = run.Stdout[run.Stdout.IndexOf('{', StringComparison.Ordinal)..];
        var properties = JsonDocument.Parse(json).RootElement.GetProperty("Properties");
        return new Versions(properties.GetProperty("PackageVersion").GetString()!, properties.GetProperty("AssemblyInformationalVersion").GetString()!);
    }

    private static async Task<string> HeadAsync(string repo) =>
        (await Run.ProcessAsync("git", new[] { "rev-parse", "HEAD" }, repo)).EnsureSuccess("git rev-parse").Stdout.Trim();

    private static async Task GitAsync(string workingDirectory, params string[] arguments) =>
        (await Run.ProcessAsync("git", new[] { "-c", "user.email=dev@example.invalid", "-c", "user.name=dev", "-c", "init.defaultBranch=main" }.Concat(arguments), workingDirectory, timeout: TimeSpan.FromMinutes(1)))
            .EnsureSuccess("git " + string.Join(' ', arguments));

    private sealed record Versions(string Package, string Informational);
}
