using DevLoop.Compiler;
using System.Diagnostics;
using DevLoop.Agent.HotReload;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using DevLoop.HotReload;
using DevLoop.Testing;

namespace DevLoop.HotReload.Tests;

/// <summary>
/// A small console project on disk, "built" from its compiler command line the way csc would (the
/// same arguments parsed by Roslyn, emitted with their own emit options): its DLL and PDB are the
/// module that runs, and the arguments are what @(CscCommandLineArgs) would give watch.
/// </summary>
internal sealed class SampleProject : IDisposable
{
    public const string Greeter = """
        using System;

        public static class Greeter
        {
            private static int _calls;

            public static string Text()
            {
                _calls++;
                return "v1";
            }

            public static int Calls => _calls;

            public static async System.Threading.Tasks.Task<int> LaterAsync()
            {
                await System.Threading.Tasks.Task.Yield();
                return 1;
            }
        }
        """;

    public const string Program = """
        using System;
        using System.Threading;

        public static class Program
        {
            public static void Main()
            {
                while (true)
                {
                    Console.WriteLine(Greeter.Text() + " " + Greeter.Calls);
                    Thread.Sleep(50);
                }
            }
        }
        """;

    /// <summary>Greeter whose text comes from a lambda made once and kept, as a minimal API's handler is.</summary>
    public const string GreeterWithLambda = """
        using System;

        public static class Greeter
        {
            private static int _calls;
            private static Func<string>? _handler;

            public static string Text()
            {
                _calls++;
                _handler ??= Make("!");
                return _handler();
            }

            public static int Calls => _calls;

            private static Func<string> Make(string suffix)
            {
                var prefix = "";
                return () => prefix + "v1" + suffix;
            }
        }
        """;

    /// <summary>Top-level statements (the compiler's Main) holding the lambda that answers.</summary>
    public const string TopLevelProgram = """
        using System;
        using System.Threading;

        Func<string> handler = () => "t1";
        while (true)
        {
            Console.WriteLine(handler() + " " + Greeter.Calls);
            Thread.Sleep(50);
        }
        """;

    /// <summary>Greeter with an async method that a call started at startup is suspended in, and a generic method.</summary>
    public const string GreeterWithStateMachine = """
        using System;
        using System.Threading.Tasks;

        public static class Greeter
        {
            public static async Task<string> Later(Task gate)
            {
                var before = "a1";
                await gate;
                return before + "b1";
            }

            public static string Tag<T>() => typeof(T).Name + "g1";
        }
        """;

    /// <summary>Starts Later at startup and holds it at its await until a file named release appears.</summary>
    public const string StateMachineProgram = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Program
        {
            public static void Main()
            {
                var gate = new TaskCompletionSource();
                var pending = Greeter.Later(gate.Task);
                while (true)
                {
                    if (!gate.Task.IsCompleted && File.Exists("release"))
                    {
                        gate.SetResult();
                    }

                    var obsolete = Attribute.IsDefined(typeof(Greeter).GetMethod("Tag")!, typeof(ObsoleteAttribute));
                    Console.WriteLine(Greeter.Tag<int>() + " " + (pending.IsCompleted ? pending.Result : "waiting") + (obsolete ? " obsolete" : string.Empty));
                    Thread.Sleep(50);
                }
            }
        }
        """;

    private readonly TempDirectory _dir = new();

    public SampleProject(string greeter = Greeter, string program = Program)
    {
        Write("Greeter.cs", greeter);
        Write("Program.cs", program);
        Directory.CreateDirectory(Path.Combine(Dir, "bin"));
        Arguments = new[] { "/noconfig", "/nostdlib+", "/target:exe", "/debug:portable", "/optimize-", "/deterministic+", "/out:" + AssemblyPath }
            .Concat(References().Select(r => "/reference:" + r))
            .Concat(new[] { "Greeter.cs", "Program.cs" })
            .ToList();
    }

    public string Dir => _dir.Path;

    public string AssemblyPath => Path.Combine(Dir, "bin", "Sample.dll");

    public string PdbPath => Path.ChangeExtension(AssemblyPath, ".pdb");

    public IReadOnlyList<string> Arguments { get; }

    public void Write(string file, string text) => File.WriteAllText(Path.Combine(Dir, file), text);

    public byte[] SourcesOf(string file) => File.ReadAllBytes(Path.Combine(Dir, file));

    /// <summary>Compiles what is on disk into bin/ (DLL, PDB, runtimeconfig), as the build would.</summary>
    public void Build()
    {
        var parsed = CSharpCommandLineParser.Default.Parse(Arguments, Dir, sdkDirectory: null);
        var compilation = BuildCompilation.Parse(Arguments, Dir).Compile(File.ReadAllBytes);
        using var pe = File.Create(AssemblyPath);
        using var pdb = File.Create(PdbPath);
        var result = compilation.Emit(pe, pdb, options: parsed.EmitOptions);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        File.WriteAllText(
            Path.ChangeExtension(AssemblyPath, ".runtimeconfig.json"),
            "{\"runtimeOptions\":{\"tfm\":\"net" + Environment.Version.Major + ".0\",\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\"" + Environment.Version + "\"}}}");
    }

    /// <summary>Runs the built app; with the hook, the agent is its startup hook, as DevLoop starts apps.</summary>
    public LineProcess Start(bool hook = true)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Dir };
        start.ArgumentList.Add(AssemblyPath);
        if (hook)
        {
            start.Environment["DOTNET_STARTUP_HOOKS"] = typeof(ModuleDelta).Assembly.Location;
        }
        else
        {
            start.Environment.Remove("DOTNET_STARTUP_HOOKS");
        }

        start.Environment.Remove("DOTNET_MODIFIABLE_ASSEMBLIES");
        start.Environment.Remove("DEVLOOP_STATE_DIR");
        return LineProcess.Start(start);
    }

    public DeltaSession OpenSession() => DeltaSession.Open(BuildCompilation.Parse(Arguments, Dir), AssemblyPath, PdbPath);

    public void Dispose() => _dir.Dispose();

    private static IEnumerable<string> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Private.CoreLib.dll" or "System.Runtime.dll" or "System.Console.dll" or "System.Threading.Thread.dll" or "System.Threading.dll" or "System.Linq.dll");
}
