using DevLoop.Agent;
using DevLoop.Agent.HotReload;
using DevLoop.Testing;

namespace DevLoop.HotReload.Tests;

/// <summary>
/// Edits an independent review found the analysis got wrong (a wrong answer, a dead app, an
/// exception). Each must now be right or restart: when the analysis sends a delta, the running app
/// must then print what the same sources built and started afresh print.
/// </summary>
public sealed class UnsafeEditTests
{
    private const string P = SampleProject.Program;

    private const string SetsName = """
        using System;
        using System.Threading;

        public static class Program
        {
            public static void Main()
            {
                Greeter.Name = "v1";
                while (true)
                {
                    Console.WriteLine(Greeter.Text() + " " + Greeter.Calls);
                    Thread.Sleep(50);
                }
            }
        }
        """;

    public static TheoryData<string, string, string, string, string> Edits => new()
    {
        { "an overload unchanged callers would now bind to", G("private static string Show(object o) => \"object\";", "return Show(1);"), P, G("private static string Show(object o) => \"object\";\n    private static string Show(int i) => \"int\";", "return Show(1);"), P },
        {
            "a method that hides a base one and implements an interface",
            G(string.Empty, "return ((IName)new Derived()).Name();", "public interface IName { string Name(); }\npublic class Base { public string Name() => \"base\"; }\npublic class Derived : Base, IName { }\n"), P,
            G(string.Empty, "return ((IName)new Derived()).Name();", "public interface IName { string Name(); }\npublic class Base { public string Name() => \"base\"; }\npublic class Derived : Base, IName { public new string Name() => \"derived\"; }\n"), P
        },
        {
            "a constant that shadows the one an unchanged method uses",
            G("private const string Mark = \"outer\";\n    private static class Inner { public static string Get() => Mark; }", "return Inner.Get();"), P,
            G("private const string Mark = \"outer\";\n    private static class Inner { private const string Mark = \"inner\"; public static string Get() => Mark; }", "return Inner.Get();"), P
        },
        {
            "a removed extension method a query used",
            G(string.Empty, "return \"v\" + (from x in new[] { 1 } select x + 1).First();", "internal static class Mine { internal static System.Collections.Generic.IEnumerable<int> Select(this int[] s, Func<int, int> f) => new[] { 41 }; }\n"), P,
            G(string.Empty, "return \"v\" + (from x in new[] { 1 } select x + 1).First();", "internal static class Mine { }\n"), P
        },
        {
            "a new extension method a query would use",
            G(string.Empty, "return \"v\" + (from x in new[] { 1 } select x + 1).First();"), P,
            G(string.Empty, "return \"v\" + (from x in new[] { 1 } select x + 1).First();", "internal static class Mine { internal static System.Collections.Generic.IEnumerable<int> Select(this int[] s, Func<int, int> f) => new[] { 41 }; }\n"), P
        },
        { "a rename whose caller is a running loop", G(string.Empty, "return \"v1\";"), P, G(string.Empty, "return \"v1\";").Replace("Text()", "Texts()"), P.Replace("Greeter.Text()", "Greeter.Texts()") },
        { "a lambda kept amid changed code whose target type changed", G(string.Empty, "Func<int> f = () => 1; return \"v\" + f();"), P, G(string.Empty, "Func<double> f = () => 1; return \"v\" + f() / 2;"), P },
        {
            "accessors that start using the field keyword",
            G("private static string _name = \"\";\n    public static string Name { get => _name; set => _name = value; }", "return Name;"), SetsName,
            G("private static string _name = \"\";\n    public static string Name { get => field; set => field = value; }", "return Name;"), SetsName
        },
        {
            "a method that starts using a primary constructor's parameter",
            G("private static readonly Box B = new Box(\"v1\");", "return B.Get();", "public class Box(string text) { public string Get() => \"x\"; }\n"), P,
            G("private static readonly Box B = new Box(\"v1\");", "return B.Get();", "public class Box(string text) { public string Get() => text; }\n"), P
        },
        {
            "a lambda that starts calling a generic local function that captures",
            G(string.Empty, "int v = 1; Func<int> f = () => 0; int L<T>() => v; return \"v\" + (f() + L<int>());"), P,
            G(string.Empty, "int v = 1; Func<int> f = () => L<int>(); int L<T>() => v; return \"v\" + (f() + L<int>());"), P
        },
        {
            "a #define that turns on a conditional call",
            G("[System.Diagnostics.Conditional(\"LOUD\")] private static void Loud() => Console.WriteLine(\"loud\");", "Loud(); return \"v1\";"), P,
            "#define LOUD\n" + G("[System.Diagnostics.Conditional(\"LOUD\")] private static void Loud() => Console.WriteLine(\"loud\");", "Loud(); return \"v1\";"), P
        },
    };

    /// <summary>Greeter with extra members, Text()'s body after _calls++, and more types after it.</summary>
    private static string G(string members, string body, string after = "") =>
        "using System;\nusing System.Linq;\n\npublic static class Greeter\n{\n    private static int _calls;\n    " + members + "\n\n    public static string Text()\n    {\n        _calls++;\n        " + body + "\n    }\n\n    public static int Calls => _calls;\n}\n" + after;

    [Theory]
    [MemberData(nameof(Edits))]
    public async Task Is_right_in_the_running_app_or_restarts(string edit, string greeter, string program, string newGreeter, string newProgram)
    {
        using var project = new SampleProject(greeter, program);
        project.Build();
        var layout = AgentLayout.TryCreate(Path.Combine(project.Dir, "bin"))!;
        try
        {
            using var session = project.OpenSession();
            using var app = project.Start();
            await app.WaitForLineAsync(_ => true);
            project.Write("Greeter.cs", newGreeter);
            project.Write("Program.cs", newProgram);
            var result = session.Update(File.ReadAllBytes);
            if (result.Update is not { } update)
            {
                Assert.True(result.RestartReason is not null, $"{edit}: neither a delta nor a restart ({string.Join(" ", result.CompileErrors)})");
                return;
            }

            var restarted = await FirstLineOfAsync(newGreeter, newProgram);
            Assert.Equal("ok applied", HookProtocol.SendDelta(layout.SocketPath, new ModuleDelta(update.ModuleId, update.Metadata, update.IL, update.Pdb), TimeSpan.FromSeconds(10)));
            // A line the app printed well after it took the delta (not one still queued from before).
            var applied = app.Seen.Count;
            await app.WaitForLineAsync(_ => app.Seen.Count > applied + 2 || app.HasExited);
            Assert.False(app.HasExited, $"{edit}: the app stopped after the delta");
            Assert.Equal(WithoutCount(restarted), WithoutCount(app.Seen.ElementAt(applied + 2)));
        }
        finally
        {
            Directory.Delete(layout.StateDir, recursive: true);
        }
    }

    [Theory]
    [InlineData("namespace A { class Box { const int Size = 1; } }\nnamespace B { class Box { const int Size = 2; } }\n")]
    [InlineData("class Box { const int Size = 1; }\nclass Box<T> { const int Size = 2; }\n")]
    public void A_file_with_two_same_named_types_holding_a_same_named_constant_is_analysed(string types)
    {
        Assert.NotNull(Update(G(string.Empty, "return \"v1\";", types), G(string.Empty, "return \"v2\";", types)).Update);
    }

    [Theory]
    [InlineData("string s", "string? s")]
    [InlineData("int s", "Int32 s")]
    [InlineData("(int a, int b) s", "(int x, int y) s")]
    public void A_parameter_type_written_otherwise_restarts(string from, string to)
    {
        var before = "#nullable enable\n" + G($"private static string Show({from}) => \"v\";", "return Show(default!);");

        var result = Update(before, before.Replace(from, to));

        Assert.Contains("the running app still holds", result.RestartReason ?? string.Join(" ", result.CompileErrors));
    }

    [Theory]
    [InlineData("[Obsolete(\"no\", true)]")]
    [InlineData("[System.Diagnostics.CodeAnalysis.Experimental(\"X0001\")]")]
    public void An_attribute_that_breaks_unchanged_callers_shows_their_errors(string attribute)
    {
        var before = G(string.Empty, "return \"v1\";");

        var result = Update(before, before.Replace("public static string Text()", attribute + "\n    public static string Text()"));

        Assert.Null(result.Update);
        Assert.Contains(result.CompileErrors, e => e.Location.SourceTree!.FilePath.EndsWith("Program.cs", StringComparison.Ordinal));
    }

    private static DeltaResult Update(string greeter, string newGreeter)
    {
        using var project = new SampleProject(greeter, P);
        project.Build();
        using var session = project.OpenSession();
        project.Write("Greeter.cs", newGreeter);
        return session.Update(File.ReadAllBytes);
    }

    private static string WithoutCount(string line) => line.Contains(' ', StringComparison.Ordinal) ? line[..line.LastIndexOf(' ')] : line;

    private static async Task<string> FirstLineOfAsync(string greeter, string program)
    {
        using var fresh = new SampleProject(greeter, program);
        fresh.Build();
        using var app = fresh.Start(hook: false);
        return await app.WaitForLineAsync(_ => true);
    }
}
