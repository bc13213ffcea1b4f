namespace DevLoop.Bench;

/// <summary>
/// A web app and a series of edits to it, one kind each, applied one after the other: after each
/// edit, a URL must answer a given text (or, for a compile error, keep answering what it did).
/// </summary>
internal static class EditCorpus
{
    public const string Program = """
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.MapGet("/", Texts.Message);
        app.MapGet("/count", Texts.Next);
        app.MapGet("/lambda", () => "l0");
        app.MapGet("/prop", () => Texts.Prop);
        app.MapGet("/async", Texts.LaterAsync);
        app.MapGet("/generic", () => Texts.Generic<int>());
        app.MapGet("/json", Texts.Json);
        app.MapGet("/service", () => new Service().Hello());
        app.Run();
        """;

    public const string Texts = """
        using System.Text.Json;

        public static class Texts
        {
            private const string Suffix = "";
            private static int _count;

            public static string Message()
            {
                return "m0" + Suffix;
            }

            public static int Next() => ++_count;

            public static string Prop
            {
                get { return "p0"; }
            }

            public static async Task<string> LaterAsync()
            {
                await Task.Yield();
                return "a0";
            }

            public static string Generic<T>() => typeof(T).Name + "g0";

            public static string Json() => JsonSerializer.Serialize(new Item("j0"));
        }

        public record Item(string Name);

        public class Service
        {
            public string Hello() => "s0";
        }
        """;

    /// <param name="Kind">What kind of edit it is, for the table.</param>
    /// <param name="File">Program.cs or Texts.cs.</param>
    /// <param name="Url">The path that shows the edit.</param>
    /// <param name="Expected">What it must answer afterwards; null for a compile error (it keeps answering what it did).</param>
    public sealed record Edit(string Kind, string File, string From, string To, string Url, string? Expected);

    public static IReadOnlyList<Edit> Edits { get; } = new Edit[]
    {
        new("method body (a string literal)", "Texts.cs", "return \"m0\" + Suffix;", "return \"m1\" + Suffix;", "/", "m1"),
        new("lambda body in a minimal API", "Program.cs", "() => \"l0\"", "() => \"l1\"", "/lambda", "l1"),
        new("string constant", "Texts.cs", "private const string Suffix = \"\";", "private const string Suffix = \"!\";", "/", "m1!"),
        new("property getter body", "Texts.cs", "get { return \"p0\"; }", "get { return \"p1\"; }", "/prop", "p1"),
        new("async method body", "Texts.cs", "return \"a0\";", "return \"a1\";", "/async", "a1"),
        new("generic method body", "Texts.cs", "typeof(T).Name + \"g0\"", "typeof(T).Name + \"g1\"", "/generic", "Int32g1"),
        new("new method (and a call to it)", "Texts.cs", "return \"m1\" + Suffix;", "return \"m1\" + Extra() + Suffix;\n    }\n\n    public static string Extra()\n    {\n        return \"e1\";", "/", "m1e1!"),
        new("new static field (and a use of it)", "Texts.cs", "private static int _count;", "private static int _count;\n    private static string _field = \"f1\";", "/", "m1e1!"),
        new("body using the new field", "Texts.cs", "return \"m1\" + Extra() + Suffix;", "return \"m1\" + Extra() + _field + Suffix;", "/", "m1e1f1!"),
        new("new instance field", "Texts.cs", "public string Hello() => \"s0\";", "private string _name = \"n1\";\n\n    public string Hello() => \"s0\" + _name;", "/service", "s0n1"),
        new("new class (used from a lambda)", "Texts.cs", "public record Item(string Name);", "public record Item(string Name);\n\npublic static class Added\n{\n    public static string Hi() => \"h1\";\n}", "/", "m1e1f1!"),
        new("lambda body calling the new class", "Program.cs", "() => \"l1\"", "() => Added.Hi()", "/lambda", "h1"),
        new("attribute added", "Texts.cs", "public static string Extra()", "[System.Obsolete]\n    public static string Extra()", "/", "m1e1f1!"),
        new("signature change (a parameter with a default)", "Texts.cs", "public static string Extra()\n    {\n        return \"e1\";", "public static string Extra(int n = 2)\n    {\n        return \"e\" + n;", "/", "m1e2f1!"),
        new("record gets a property", "Texts.cs", "public record Item(string Name);", "public record Item(string Name, int Size = 0);", "/json", "{\"Name\":\"j0\",\"Size\":0}"),
        new("static field initializer changed", "Texts.cs", "private static string _field = \"f1\";", "private static string _field = \"f2\";", "/", "m1e2f2!"),
        new("field type changed", "Texts.cs", "private static string _field = \"f2\";", "private static object _field = \"f3\";", "/", "m1e2f3!"),
        new("local function in a method", "Texts.cs", "return \"m1\" + Extra() + _field + Suffix;", "string Local() => \"x\";\n        return \"m1\" + Extra() + _field + Local() + Suffix;", "/", "m1e2f3x!"),
        new("query (LINQ) in a method body", "Texts.cs", "public static int Next() => ++_count;", "public static int Next() => ++_count + new[] { 0 }.Sum();", "/lambda", "h1"),
        new("lambda captures a new local (top-level statement added)", "Program.cs", "app.MapGet(\"/lambda\", () => Added.Hi());", "var tag = \"t\";\napp.MapGet(\"/lambda\", () => Added.Hi() + tag);", "/lambda", "h1t"),
        new("new endpoint", "Program.cs", "app.Run();", "app.MapGet(\"/new\", () => \"new\");\napp.Run();", "/new", "new"),
        new("compile error", "Texts.cs", "string Local() => \"x\";", "string Local() => \"x\"", "/", null),
        new("method body after a compile error", "Texts.cs", "string Local() => \"x\"", "string Local() => \"y\";", "/", "m1e2f3y!"),
        new("method renamed (and its caller)", "Texts.cs", "Extra(", "Added2(", "/", "m1e2f3y!"),
    };
}
