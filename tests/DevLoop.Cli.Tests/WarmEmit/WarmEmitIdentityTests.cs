using DevLoop.Cli.Building;
using DevLoop.Core.Compiling;
using DevLoop.Testing;

namespace DevLoop.Cli.Tests.WarmEmit;

/// <summary>
/// The warm emit on the SDK's own compiler gives the real build's bytes, on a corpus of projects: the
/// same sources as the build give its DLL, PDB and reference assembly; an edit emitted and written
/// in process is what `dotnet build` then keeps (incremental) and what it makes again (rebuild).
/// </summary>
public sealed class WarmEmitIdentityTests
{
    private const string FieldTypeEdit = "public static int Count = 1;";

    [Fact]
    public async Task A_web_app()
    {
        using var dir = new TempDirectory();
        var web = await CorpusProject.NewAsync(dir.Path, "web", "Web");
        web.Write("Counter.cs", "public static class Counter\n{\n    " + FieldTypeEdit + "\n}\n");
        await web.BuildAsync();

        await AssertIdenticalAsync(web, "Counter.cs", FieldTypeEdit, "public static long Count = 2;");
    }

    [Fact]
    public async Task A_class_library_and_the_app_that_depends_on_it()
    {
        using var dir = new TempDirectory();
        var library = await CorpusProject.NewAsync(dir.Path, "classlib", "Library");
        library.Write("Class1.cs", "namespace Library;\n\npublic static class Shared\n{\n    " + FieldTypeEdit + "\n}\n");
        var app = await CorpusProject.NewAsync(dir.Path, "console", "App");
        (await Run.DotNetAsync(new[] { "add", app.Dir, "reference", library.Dir }, dir.Path)).EnsureSuccess("dotnet add reference");
        app.Write("Program.cs", "System.Console.WriteLine(Library.Shared.Count);\n");
        app.Write("Local.cs", "public static class Local\n{\n    " + FieldTypeEdit + "\n}\n");
        await library.BuildAsync();
        await app.BuildAsync();

        var appEmitter = await AssertIdenticalAsync(app, "Local.cs", FieldTypeEdit, "public static long Count = 2;");
        Assert.Null(appEmitter.ChangedInput());
        var libraryEmitter = await AssertIdenticalAsync(library, "Class1.cs", FieldTypeEdit, "public static long Count = 2;");

        // The library's new reference assembly is an input of the app's compilation: the app's warm
        // compilation no longer stands for its build, and says so.
        var reference = appEmitter.ChangedInput();
        Assert.EndsWith(Path.Combine("ref", "Library.dll"), reference);

        // Read again, it compiles the app as its next build does: the dependent emitted in process,
        // with the library copied beside it, is what `dotnet build` keeps and what a rebuild makes.
        Assert.True(appEmitter.RefreshReferences(new[] { reference! }));
        Assert.Null(appEmitter.ChangedInput());
        var dependent = await appEmitter.EmitAsync(File.ReadAllBytes, CancellationToken.None);
        Assert.True(dependent.Succeeded, string.Join("\n", dependent.Errors));
        WarmEmitWriter.Write(appEmitter.Files, dependent, app.OutputDir);
        WarmEmitWriter.CopyLocal(libraryEmitter.Files, library.OutputDir, app.OutputDir);
        var copied = Path.Combine(app.OutputDir, "Library.dll");
        Assert.Equal(File.ReadAllBytes(Path.Combine(library.OutputDir, "Library.dll")), File.ReadAllBytes(copied));
        var written = app.Outputs().Append(KeyValuePair.Create(copied, File.ReadAllBytes(copied))).ToList();

        (await app.PlainBuildAsync()).EnsureSuccess("dotnet build of the app after the warm emits");
        AssertSame(written, app.Outputs().Append(KeyValuePair.Create(copied, File.ReadAllBytes(copied))), "the incremental build after the warm emits");
        Assert.Null(appEmitter.ChangedInput());
        (await app.PlainBuildAsync("--no-incremental")).EnsureSuccess("dotnet build --no-incremental of the app");
        AssertSame(written, app.Outputs().Append(KeyValuePair.Create(copied, File.ReadAllBytes(copied))), "a rebuild of the same sources");
    }

    [Fact]
    public async Task A_web_app_with_the_json_and_request_delegate_source_generators()
    {
        using var dir = new TempDirectory();
        var web = await CorpusProject.NewAsync(dir.Path, "web", "Generated");
        web.Replace("Generated.csproj", "</PropertyGroup>", "  <EnableRequestDelegateGenerator>true</EnableRequestDelegateGenerator>\n    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>\n  </PropertyGroup>");
        web.Write("Program.cs", """
            using System.Text.Json.Serialization;

            var builder = WebApplication.CreateSlimBuilder(args);
            builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJson.Default));
            var app = builder.Build();
            app.MapGet("/todo/{id}", (int id) => new Todo(id, "write", Todo.Version));
            app.Run();

            public record Todo(int Id, string Title, int Revision)
            {
                public static int Version = 1;
            }

            [JsonSerializable(typeof(Todo))]
            internal partial class AppJson : JsonSerializerContext;
            """);
        await web.BuildAsync();

        await AssertIdenticalAsync(web, "Program.cs", "public static int Version = 1;", "public static short Version = 2;");
        Assert.Contains(web.Outputs().Keys, f => f.EndsWith("AppJson.Todo.g.cs", StringComparison.Ordinal));
        Assert.Contains(web.Outputs().Keys, f => f.Contains("RequestDelegateGenerator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_razor_pages_app_whose_page_the_razor_generator_compiles_from_an_additional_file()
    {
        using var dir = new TempDirectory();
        var web = await CorpusProject.NewAsync(dir.Path, "webapp", "Pages");
        await web.BuildAsync();

        // The page is no source of the compiler's: it is an additional file the Razor generator reads.
        var emitter = await AssertIdenticalAsync(web, Path.Combine("Pages", "Index.cshtml"), "Welcome", "Hello from the warm emit");
        Assert.DoesNotContain(emitter.SourceFiles, f => f.EndsWith(".cshtml", StringComparison.Ordinal));
        Assert.Null(emitter.ChangedInput());
    }

    [Fact]
    public async Task An_editorconfig_saved_that_changes_the_code_the_compiler_makes()
    {
        using var dir = new TempDirectory();
        var library = await CorpusProject.NewAsync(dir.Path, "classlib", "Marked");
        library.Write(".editorconfig", "root = true\n\n[*.cs]\ngenerated_code = false\n");
        library.Write("Class1.cs", "namespace Marked;\n\npublic static class Names\n{\n    public static string First(string? name) => name ?? \"none\";\n}\n");
        await library.BuildAsync();

        // Generated code is nullable-oblivious: the nullable metadata of the assembly changes.
        var emitter = await AssertIdenticalAsync(library, ".editorconfig", "generated_code = false", "generated_code = true");
        Assert.Null(emitter.ChangedInput());
    }

    [Fact]
    public async Task A_library_with_nullable_warnings_as_errors_and_documentation()
    {
        using var dir = new TempDirectory();
        var library = await CorpusProject.NewAsync(dir.Path, "classlib", "Strict");
        library.Replace("Strict.csproj", "</PropertyGroup>", "  <TreatWarningsAsErrors>true</TreatWarningsAsErrors>\n    <GenerateDocumentationFile>true</GenerateDocumentationFile>\n  </PropertyGroup>");
        library.Write("Class1.cs", "namespace Strict;\n\n/// <summary>Names.</summary>\npublic static class Names\n{\n    /// <summary>The first.</summary>\n    public static string First(string? name) => name ?? \"none\";\n}\n");
        await library.BuildAsync();

        await AssertIdenticalAsync(library, "Class1.cs", "name ?? \"none\"", "name ?? \"nobody\"");

        // A nullable warning is an error here: the warm emit refuses it as the build does, with the same code.
        library.Replace("Class1.cs", "name ?? \"nobody\"", "name.Trim()");
        var emitter = await library.OpenEmitterAsync();
        var output = await emitter.EmitAsync(File.ReadAllBytes, CancellationToken.None);
        Assert.False(output.Succeeded);
        var error = Assert.Single(output.Errors);
        Assert.Contains("Class1.cs(7,", error);
        Assert.Contains("error CS8602", error);
        var build = await library.PlainBuildAsync();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error CS8602", build.Stdout);
    }

    [Fact]
    public async Task Severities_from_the_editorconfig_fail_the_warm_emit_as_they_fail_the_build_for_the_compiler_and_analyzers()
    {
        using var dir = new TempDirectory();
        var library = await CorpusProject.NewAsync(dir.Path, "classlib", "Configured");
        library.Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.CS0168.severity = error\ndotnet_diagnostic.CA1822.severity = error\n");
        library.Write("Class1.cs", "namespace Configured;\n\npublic class Names\n{\n    private readonly string _name = \"n\";\n\n    public string First() => _name;\n}\n");
        await library.BuildAsync();
        await AssertIdenticalAsync(library, "Class1.cs", "\"n\"", "\"m\"");

        // A compiler warning the config makes an error (CS0168), then an analyzer's (CA1822).
        var emitter = await library.OpenEmitterAsync();
        library.Replace("Class1.cs", "public string First() => _name;", "public string First()\n    {\n        int unused;\n        return _name;\n    }");
        await AssertFailsLikeTheBuildAsync(library, emitter, "CS0168");
        library.Replace("Class1.cs", "        int unused;\n", string.Empty);
        library.Replace("Class1.cs", "    private readonly string _name = \"m\";\n", string.Empty);
        library.Replace("Class1.cs", "return _name;", "return \"x\";");
        await AssertFailsLikeTheBuildAsync(library, emitter, "CA1822");
    }

    [Fact]
    public async Task A_rule_the_config_makes_a_warning_fails_the_warm_emit_under_warnings_as_errors_as_it_fails_the_build()
    {
        using var dir = new TempDirectory();
        var library = await CorpusProject.NewAsync(dir.Path, "classlib", "Warned");
        library.Replace("Warned.csproj", "</PropertyGroup>", "  <TreatWarningsAsErrors>true</TreatWarningsAsErrors>\n  </PropertyGroup>");
        library.Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.CA1822.severity = warning\n");
        library.Write("Class1.cs", "namespace Warned;\n\npublic class Names\n{\n    private readonly string _name = \"n\";\n\n    public string First() => _name;\n}\n");
        await library.BuildAsync();
        var emitter = await library.OpenEmitterAsync();
        Assert.True((await emitter.EmitAsync(File.ReadAllBytes, CancellationToken.None)).Succeeded);

        library.Replace("Class1.cs", "    private readonly string _name = \"n\";\n", string.Empty);
        library.Replace("Class1.cs", "=> _name;", "=> \"x\";");
        await AssertFailsLikeTheBuildAsync(library, emitter, "CA1822");
    }

    private static async Task AssertFailsLikeTheBuildAsync(CorpusProject project, IWarmEmitter emitter, string code)
    {
        var output = await emitter.EmitAsync(File.ReadAllBytes, CancellationToken.None);
        Assert.False(output.Succeeded);
        Assert.Contains(output.Errors, e => e.Contains("error " + code, StringComparison.Ordinal));
        var build = await project.PlainBuildAsync();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error " + code, build.Stdout);
    }

    /// <summary>
    /// The build's own output is what the warm emit gives for the same sources; then the edit is
    /// emitted and written in process, and `dotnet build` (incremental, then a rebuild) gives those bytes.
    /// </summary>
    private static async Task<IWarmEmitter> AssertIdenticalAsync(CorpusProject project, string file, string from, string to)
    {
        var emitter = await project.OpenEmitterAsync();
        var same = await emitter.EmitAsync(File.ReadAllBytes, CancellationToken.None);
        Assert.True(same.Succeeded, string.Join("\n", same.Errors));
        Assert.Null(WarmEmitProof.FirstDifference(emitter.Files, same, WarmEmitProof.Capture(emitter.Files)));

        project.Replace(file, from, to);
        var edited = await emitter.EmitAsync(File.ReadAllBytes, CancellationToken.None);
        Assert.True(edited.Succeeded, string.Join("\n", edited.Errors));
        Assert.False(edited.Assembly!.AsSpan().SequenceEqual(same.Assembly));
        WarmEmitWriter.Write(emitter.Files, edited, project.OutputDir);
        var written = project.Outputs();
        Assert.Equal(edited.Assembly, written[Path.Combine("obj", "Debug", $"net{Environment.Version.Major}.0", project.Name + ".dll")]);

        (await project.PlainBuildAsync()).EnsureSuccess("dotnet build after the warm emit");
        AssertSame(written, project.Outputs(), "the incremental build after the warm emit");
        (await project.PlainBuildAsync("--no-incremental")).EnsureSuccess("dotnet build --no-incremental");
        AssertSame(written, project.Outputs(), "a rebuild of the same sources");
        return emitter;
    }

    private static void AssertSame(IEnumerable<KeyValuePair<string, byte[]>> expected, IEnumerable<KeyValuePair<string, byte[]>> actualFiles, string what)
    {
        var actual = actualFiles.ToDictionary(f => f.Key, f => f.Value);
        foreach (var (file, bytes) in expected)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(actual[file]), $"{file} after {what} is not the warm emit's");
        }
    }
}
