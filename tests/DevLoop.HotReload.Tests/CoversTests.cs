using Microsoft.CodeAnalysis;
using DevLoop.Compiler;

namespace DevLoop.HotReload.Tests;

/// <summary>
/// Which saves the warm compilation stands for (hot reload, then the warm emit), and which go to the
/// real build, with the reason watch prints: anything but an existing C# source it reads, or any
/// input of it that no longer holds what it held.
/// </summary>
public sealed class CoversTests : IDisposable
{
    private readonly SampleProject _project = new();

    public CoversTests()
    {
        _project.Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.CS0168.severity = warning\n");
        _project.Write("extra.json", "{}");
        _project.Build();
    }

    public void Dispose() => _project.Dispose();

    [Fact]
    public void Edits_to_existing_sources_are_covered()
    {
        using var hot = Open();
        _project.Write("Greeter.cs", SampleProject.Greeter.Replace("\"v1\"", "\"v2\""));
        Assert.Null(hot.WhyNotCovered(new[] { Path("Greeter.cs"), Path("Program.cs") }));
    }

    [Theory]
    [InlineData("Sample.csproj")]
    [InlineData("Directory.Build.props")]
    [InlineData("Directory.Build.targets")]
    [InlineData("Directory.Packages.props")]
    [InlineData("Pages/Index.razor")]
    [InlineData("Pages/Index.cshtml")]
    [InlineData("Strings.resx")]
    [InlineData("appsettings.json")]
    [InlineData("New.cs")]
    public void Anything_else_goes_to_the_build(string file)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path(file))!);
        File.WriteAllText(Path(file), string.Empty);
        using var hot = Open();
        Assert.Equal($"{System.IO.Path.GetFileName(file)} is not a C# source the compilation reads", hot.WhyNotCovered(new[] { Path("Greeter.cs"), Path(file) }));
    }

    [Fact]
    public void A_save_of_an_additional_file_the_compilation_reads_is_covered_and_read_again_by_the_next_compile()
    {
        using var hot = Open();
        _project.Write("extra.json", "{\"edited\": true}");

        Assert.Null(hot.WhyNotCovered(new[] { Path("extra.json"), Path("Greeter.cs") }));
        Assert.Null(hot.WhyNotCovered(Array.Empty<string>()));
    }

    [Fact]
    public void An_additional_file_saved_while_the_compiler_ran_is_seen_as_the_build_not_holding_it()
    {
        using var hot = Open();
        var before = hot.SourcesNow();
        Assert.True(hot.OtherInputsHold(before));

        _project.Write("extra.json", "{\"saved\": \"during the build\"}");

        Assert.False(hot.OtherInputsHold(before));
        Assert.True(hot.OtherInputsHold(hot.SourcesNow()));
    }

    [Fact]
    public void The_global_config_the_build_writes_in_obj_is_no_input_saved_during_the_build()
    {
        // Beside the compiler's output, as MSBuild writes it (obj/Debug/net10.0/Sample.GeneratedMSBuildEditorConfig.editorconfig).
        var generated = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(_project.AssemblyPath)!, "Sample.GeneratedMSBuildEditorConfig.editorconfig");
        File.WriteAllText(generated, "is_global = true\nbuild_property.RootNamespace = Sample\n");
        var arguments = _project.Arguments.Concat(new[] { "/analyzerconfig:.editorconfig", "/analyzerconfig:" + generated }).ToList();
        var build = BuildCompilation.Parse(arguments, _project.Dir);
        using var hot = new ProjectHotReload(BuildCompilation.Parse(arguments, _project.Dir));
        Assert.Contains(generated, build.AnalyzerConfigFiles);
        Assert.DoesNotContain(generated, build.EditedInputs);
        Assert.Contains(Path(".editorconfig"), build.EditedInputs);
        var before = hot.SourcesNow();

        // The build rewrites it (a page added, a property changed): not a save while the compiler ran.
        File.AppendAllText(generated, "\nbuild_property.Rewritten = by the build\n");

        Assert.True(hot.OtherInputsHold(before));
    }

    [Fact]
    public void An_additional_file_that_is_not_there_is_read_as_csc_reads_it_without_failing_the_compile()
    {
        var build = BuildCompilation.Parse(_project.Arguments.Append("/additionalfile:missing.txt"), _project.Dir);
        Assert.NotNull(build.Compile(File.ReadAllBytes));

        _project.Write("missing.txt", "here now");
        Assert.NotNull(build.Compile(File.ReadAllBytes));
        using var hot = new ProjectHotReload(BuildCompilation.Parse(_project.Arguments.Append("/additionalfile:missing.txt"), _project.Dir));
        Assert.Null(hot.WhyNotCovered(new[] { Path("missing.txt") }));
    }

    [Fact]
    public async Task Saves_after_git_stash_are_covered_and_a_branch_switch_goes_to_the_build()
    {
        await GitAsync("init", "-q", "-b", "main");
        await GitAsync("add", "-A");
        await GitAsync("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one");
        using var hot = Open();
        var build = BuildCompilation.Parse(_project.Arguments, _project.Dir);
        string Greeter() => build.Compile(File.ReadAllBytes).SyntaxTrees.Single(t => t.FilePath.EndsWith("Greeter.cs", StringComparison.Ordinal)).ToString();

        // Edits to two sources, then stashed: the files go back, HEAD stays, the compilation reads them as they are.
        _project.Write("Greeter.cs", SampleProject.Greeter.Replace("\"v1\"", "\"v2\""));
        _project.Write("Program.cs", File.ReadAllText(Path("Program.cs")) + "\n// edited\n");
        Assert.Null(hot.WhyNotCovered(new[] { Path("Greeter.cs"), Path("Program.cs") }));
        Assert.Contains("\"v2\"", Greeter());
        await GitAsync("stash", "-q");
        Assert.Null(hot.WhyNotCovered(new[] { Path("Greeter.cs"), Path("Program.cs") }));
        Assert.Contains("\"v1\"", Greeter());

        // Another branch with a commit: HEAD moved, the build writes the commit, so the build runs.
        await GitAsync("switch", "-q", "-c", "other");
        await GitAsync("stash", "pop", "-q");
        await GitAsync("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-am", "two");
        Assert.StartsWith("git's HEAD moved since the compilation was made", hot.WhyNotCovered(new[] { Path("Greeter.cs") }));
    }

    private async Task GitAsync(params string[] arguments) =>
        (await DevLoop.Testing.Run.ProcessAsync("git", arguments, _project.Dir)).EnsureSuccess("git " + string.Join(' ', arguments));

    [Fact]
    public void A_deleted_source_goes_to_the_build()
    {
        using var hot = Open();
        File.Delete(Path("Greeter.cs"));
        Assert.Equal("Greeter.cs was deleted", hot.WhyNotCovered(new[] { Path("Greeter.cs") }));
    }

    [Fact]
    public void An_input_that_holds_something_else_now_makes_every_save_go_to_the_build()
    {
        _project.Write("data.bin", "one");
        using var hot = new ProjectHotReload(BuildCompilation.Parse(_project.Arguments.Append("/resource:data.bin"), _project.Dir));

        // Written again with the same content (a rebuild, a checkout of the same file): still the same input.
        _project.Write("data.bin", "one");
        File.SetLastWriteTimeUtc(Path("data.bin"), DateTime.UtcNow.AddMinutes(1));
        Assert.Null(hot.WhyNotCovered(new[] { Path("Greeter.cs") }));

        // Another content: the compilation no longer stands for the build.
        _project.Write("data.bin", "two");
        Assert.Equal("data.bin changed since the compilation was made", hot.WhyNotCovered(new[] { Path("Greeter.cs") }));
    }

    [Fact]
    public void A_saved_editorconfig_is_covered_and_the_next_compile_takes_its_severities()
    {
        _project.Write("Greeter.cs", SampleProject.Greeter.Replace("return \"v1\";", "int unused; return \"v1\";"));
        var arguments = _project.Arguments.Append("/analyzerconfig:.editorconfig").ToList();
        using var hot = new ProjectHotReload(BuildCompilation.Parse(arguments, _project.Dir));
        var build = BuildCompilation.Parse(arguments, _project.Dir);
        DiagnosticSeverity Unused() => build.Compile(File.ReadAllBytes).GetDiagnostics().First(d => d.Id == "CS0168").Severity;
        Assert.Equal(DiagnosticSeverity.Warning, Unused());

        _project.Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.CS0168.severity = error\n");

        Assert.Null(hot.WhyNotCovered(new[] { Path(".editorconfig") }));
        Assert.Equal(DiagnosticSeverity.Error, Unused());
    }

    [Fact]
    public void A_reference_rebuilt_with_other_content_makes_every_save_go_to_the_build()
    {
        var library = Path("Library.dll");
        File.Copy(typeof(CoversTests).Assembly.Location, library);
        using var hot = new ProjectHotReload(BuildCompilation.Parse(_project.Arguments.Append("/reference:" + library), _project.Dir));

        // The same assembly written again (an IDE's build that changed nothing): the same MVID, the same input.
        File.Copy(typeof(CoversTests).Assembly.Location, library, overwrite: true);
        File.SetLastWriteTimeUtc(library, DateTime.UtcNow.AddMinutes(1));
        Assert.Null(hot.WhyNotCovered(new[] { Path("Greeter.cs") }));

        File.Copy(typeof(ProjectHotReload).Assembly.Location, library, overwrite: true);
        Assert.Equal("Library.dll changed since the compilation was made", hot.WhyNotCovered(new[] { Path("Greeter.cs") }));
    }

    [Fact]
    public void A_commit_or_a_checkout_makes_every_save_go_to_the_build()
    {
        // The SDK writes the commit into the assembly (through a source the build generates).
        Directory.CreateDirectory(Path(".git/refs/heads"));
        File.WriteAllText(Path(".git/HEAD"), "ref: refs/heads/main\n");
        File.WriteAllText(Path(".git/refs/heads/main"), "1111111111111111111111111111111111111111\n");
        using var hot = Open();
        Assert.Null(hot.WhyNotCovered(new[] { Path("Greeter.cs") }));

        File.WriteAllText(Path(".git/refs/heads/main"), "2222222222222222222222222222222222222222\n");
        Assert.StartsWith("git's HEAD moved since the compilation was made", hot.WhyNotCovered(new[] { Path("Greeter.cs") }));
    }

    private ProjectHotReload Open() =>
        new(BuildCompilation.Parse(_project.Arguments.Concat(new[] { "/analyzerconfig:.editorconfig", "/additionalfile:extra.json" }), _project.Dir));

    private string Path(string file) => System.IO.Path.Combine(_project.Dir, file);
}
