namespace DevLoop.HotReload.Tests;

/// <summary>Every kind of edit the analysis does not prove safe goes to a restart, with the reason.</summary>
public sealed class EditAnalysisTests : IDisposable
{
    private readonly SampleProject _project = new();

    public EditAnalysisTests()
    {
        _project.Build();
    }

    public void Dispose() => _project.Dispose();

    [Fact]
    public void A_method_body_edit_is_one_delta_and_the_next_edit_builds_on_it()
    {
        using var session = _project.OpenSession();

        var first = Update(session, SampleProject.Greeter.Replace("\"v1\"", "\"v2\""));
        var second = Update(session, SampleProject.Greeter.Replace("\"v1\"", "\"v3\""));

        Assert.Null(first.RestartReason);
        Assert.Equal(1, first.EditCount);
        Assert.Equal(session.ModuleId, first.Update!.ModuleId);
        Assert.NotEmpty(first.Update.IL);
        Assert.NotNull(second.Update);
    }

    [Fact]
    public void Nothing_changed_when_only_whitespace_and_comments_did()
    {
        using var session = _project.OpenSession();

        Assert.Same(DeltaResult.NothingChanged, Update(session, SampleProject.Greeter.Replace("_calls++;", "_calls++; // counted")));
    }

    [Theory]
    [InlineData("private static int _calls;", "private static int _calls;\n    private static int _more;", "a field (the running app would not give it the value a restart would) was added")]
    [InlineData("private static int _calls;", "private static int _calls = 5;", "something other than a method body")]
    [InlineData("public static int Calls => _calls;", "public static int Calls => _calls + 1;", "something other than a method body")]
    [InlineData("return \"v1\";", "var v = \"v2\"; Func<string> f = () => v; return f();", "captures locals or parameters was added")]
    [InlineData("return \"v1\";", "return Local(); async System.Threading.Tasks.Task<string> Later() { await System.Threading.Tasks.Task.Yield(); return \"\"; } string Local() => Later().Result;", "an async lambda or iterator was added")]
    [InlineData("return 1;", "await System.Threading.Tasks.Task.Yield();\n        return 1;", "a statement with await or yield changed")]
    [InlineData("await System.Threading.Tasks.Task.Yield();", "await System.Threading.Tasks.Task.Delay(1);", "a statement with await or yield changed")]
    [InlineData("return 1;", "var two = 2;\n        return two;", "locals changed")]
    [InlineData("await System.Threading.Tasks.Task.Yield();", "var d = new System.IO.MemoryStream();\n        await System.Threading.Tasks.Task.Yield();", "locals changed")]
    [InlineData("public static class Greeter", "public class Extra : System.Attribute { }\npublic static class Greeter", "a new type Extra is not a plain class")]
    [InlineData("public static string Text()", "public static async System.Threading.Tasks.Task<string> Later() { await System.Threading.Tasks.Task.Yield(); return \"\"; }\n    public static string Text()", "an async method, an iterator, or a method with lambdas was added")]
    [InlineData("public static string Text()", "public static string Texts()", "'Greeter' does not contain a definition for 'Text'")]
    [InlineData("public static string Text()", "[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]\n    public static string Text()", "a declaration changed")]
    public void Edits_it_cannot_prove_safe_restart_and_say_why(string from, string to, string reason)
    {
        using var session = _project.OpenSession();

        var result = Update(session, SampleProject.Greeter.Replace(from, to), compileErrorsAllowed: true);

        Assert.Null(result.Update);
        Assert.Contains(reason, result.RestartReason ?? string.Join(" ", result.CompileErrors));
    }

    [Theory]
    [InlineData("return \"v1\";", "return \"v1\" + Extra();\n    }\n\n    private static string Extra()\n    {\n        return \"!\";")]
    [InlineData("public static class Greeter", "public static class Added\n{\n    private static readonly string Hi = \"hi\";\n\n    public static string Say() => Hi;\n}\n\npublic static class Greeter")]
    [InlineData("private static int _calls;", "private static int _calls;\n    private const string Mark = \"m\";")]
    [InlineData("public static int Calls => _calls;", "public static int Calls => _calls;\n    public static T Echo<T>(T value) => value;")]
    [InlineData("return 1;", "return 2;")]
    [InlineData("await System.Threading.Tasks.Task.Yield();", "Console.WriteLine();\n        await System.Threading.Tasks.Task.Yield();\n        Console.WriteLine();")]
    [InlineData("return \"v1\";", "Func<string> f = () => \"v2\"; return f();")]
    [InlineData("return \"v1\";", "return Local(); string Local() => \"v2\";")]
    [InlineData("public static string Text()", "public static string Text(int times = 1)")]
    [InlineData("public static string Text()", "[Obsolete(\"use Calls\")]\n    [System.Diagnostics.DebuggerStepThrough]\n    public static string Text()")]
    public void Edits_proven_safe_are_deltas(string from, string to)
    {
        using var session = _project.OpenSession();

        var result = Update(session, SampleProject.Greeter.Replace(from, to));

        Assert.True(result.Update is not null, result.RestartReason);
    }

    [Theory]
    [InlineData("public static int Calls => _calls;", "public static int Calls => _calls * Step;", "cannot be compiled again")]
    [InlineData("public static string Text()", "public static string Text(string mark = Mark)", "evaluated once")]
    [InlineData("public static string Text()", "[Obsolete(Mark)]\n    public static string Text()", "evaluated once")]
    public void A_constant_used_where_it_was_evaluated_once_restarts(string from, string to, string reason)
    {
        var withConstants = SampleProject.Greeter
            .Replace("private static int _calls;", "private static int _calls;\n    private const int Step = 1;\n    private const string Mark = \"m\";")
            .Replace(from, to);
        using var project = new SampleProject(withConstants);
        project.Build();
        using var session = project.OpenSession();

        project.Write("Greeter.cs", withConstants.Replace("Step = 1", "Step = 2").Replace("Mark = \"m\"", "Mark = \"n\""));
        var result = session.Update(File.ReadAllBytes);

        Assert.Null(result.Update);
        Assert.Contains(reason, result.RestartReason);
    }

    /// <summary>A variant of the sample (<paramref name="from"/> made <paramref name="to"/>), built, then one edit to it.</summary>
    [Theory]
    [InlineData("private static int _calls;", "private static int _calls;\n\n    public static Func<string> Handler() => Keep;\n\n    private static string Keep() => \"k\";", "Keep", "Kept", "the method Keep was removed or renamed, and the running app may hold it as a delegate")]
    [InlineData("await System.Threading.Tasks.Task.Yield();\n        return 1;", "var d = new System.IO.MemoryStream();\n        await System.Threading.Tasks.Task.Yield();\n        return (int)d.Length;", "var d = ", "using var d = ", "a statement with await or yield changed")]
    [InlineData("private static int _calls;", "private static int _calls;\n\n    static Greeter()\n    {\n        _calls = 0;\n    }", "_calls = 0;", "_calls = 10;", "the static constructor of Greeter")]
    public void Edits_of_variants_it_cannot_prove_safe_restart(string from, string to, string editFrom, string editTo, string reason)
    {
        var variant = SampleProject.Greeter.Replace(from, to);
        using var project = new SampleProject(variant);
        project.Build();
        using var session = project.OpenSession();

        project.Write("Greeter.cs", variant.Replace(editFrom, editTo));
        var result = session.Update(File.ReadAllBytes);

        Assert.Null(result.Update);
        Assert.Contains(reason, result.RestartReason);
    }

    [Fact]
    public void A_compile_error_is_reported_with_its_location_and_no_delta()
    {
        using var session = _project.OpenSession();

        var result = Update(session, SampleProject.Greeter.Replace("return \"v1\";", "return 42;"), compileErrorsAllowed: true);

        Assert.Null(result.Update);
        var error = Assert.Single(result.CompileErrors);
        Assert.Equal("CS0029", error.Id);
        Assert.EndsWith("Greeter.cs", error.Location.GetLineSpan().Path);
    }

    [Fact]
    public void Sources_that_differ_from_the_running_build_are_refused_at_open()
    {
        _project.Write("Greeter.cs", SampleProject.Greeter.Replace("\"v1\"", "\"edited before watch started\""));

        var error = Assert.Throws<HotReloadException>(() => _project.OpenSession());

        Assert.Contains("Greeter.cs", error.Message);
    }

    private DeltaResult Update(DeltaSession session, string greeter, bool compileErrorsAllowed = false)
    {
        _project.Write("Greeter.cs", greeter);
        var result = session.Update(File.ReadAllBytes);
        if (!compileErrorsAllowed)
        {
            Assert.Empty(result.CompileErrors);
        }

        return result;
    }
}
