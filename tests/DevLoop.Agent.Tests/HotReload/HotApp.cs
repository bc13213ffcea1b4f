using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using DevLoop.Agent.HotReload;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace DevLoop.Agent.Tests.HotReload;

/// <summary>
/// A console app compiled here with Roslyn (Debug, portable PDB) that prints Greeter.Text() and a
/// counter every 50 ms, and the deltas that change Greeter.Text()'s body, made with EmitDifference
/// against the module as it was emitted.
/// </summary>
internal sealed class HotApp
{
    private const string Path = "/src/HotApp.cs";
    private readonly CSharpCompilation _compilation;
    private EmitBaseline _baseline;
    private CSharpCompilation _current;

    private HotApp(CSharpCompilation compilation, EmitBaseline baseline, Guid moduleId)
    {
        _compilation = compilation;
        _current = compilation;
        _baseline = baseline;
        ModuleId = moduleId;
    }

    public Guid ModuleId { get; }

    /// <summary>Writes HotApp.dll, its PDB and runtimeconfig into <paramref name="dir"/>.</summary>
    public static HotApp Emit(string dir, string text)
    {
        var compilation = CSharpCompilation.Create(
            "HotApp",
            new[] { Tree(text) },
            References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, optimizationLevel: OptimizationLevel.Debug));
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var result = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        File.WriteAllBytes(System.IO.Path.Combine(dir, "HotApp.dll"), pe.ToArray());
        File.WriteAllBytes(System.IO.Path.Combine(dir, "HotApp.pdb"), pdb.ToArray());
        File.WriteAllText(
            System.IO.Path.Combine(dir, "HotApp.runtimeconfig.json"),
            "{\"runtimeOptions\":{\"tfm\":\"net" + Environment.Version.Major + ".0\",\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\"" + Environment.Version + "\"}}}");

        var image = pe.ToArray();
        using var reader = new PEReader(new MemoryStream(image));
        var metadata = reader.GetMetadataReader();
        var moduleId = metadata.GetGuid(metadata.GetModuleDefinition().Mvid);
        var baseline = EmitBaseline.CreateInitialBaseline(compilation, ModuleMetadata.CreateFromImage(image), _ => default, _ => default, hasPortableDebugInformation: true);
        return new HotApp(compilation, baseline, moduleId);
    }

    /// <summary>The delta that makes Greeter.Text() return <paramref name="text"/>.</summary>
    public ModuleDelta DeltaTo(string text)
    {
        var next = _current.ReplaceSyntaxTree(_current.SyntaxTrees.Single(), Tree(text));
        var edit = new SemanticEdit(SemanticEditKind.Update, TextMethod(_current), TextMethod(next));
        using var metadata = new MemoryStream();
        using var il = new MemoryStream();
        using var pdb = new MemoryStream();
        var result = next.EmitDifference(_baseline, new[] { edit }, _ => false, metadata, il, pdb);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        _baseline = result.Baseline!;
        _current = next;
        return new ModuleDelta(ModuleId, metadata.ToArray(), il.ToArray(), pdb.ToArray(), result.ChangedTypes.Select(t => System.Reflection.Metadata.Ecma335.MetadataTokens.GetToken(t)).ToArray());
    }

    private static ISymbol TextMethod(Compilation compilation) => compilation.GetTypeByMetadataName("Greeter")!.GetMembers("Text").Single();

    private static SyntaxTree Tree(string text) => CSharpSyntaxTree.ParseText(
        $$"""
        using System;
        using System.Threading;

        [assembly: System.Reflection.Metadata.MetadataUpdateHandler(typeof(CacheHandler))]

        public static class Greeter
        {
            public static string Text()
            {
                return "{{text}}";
            }
        }

        // What a framework's handler is told after a delta: which types changed, or null for "anything".
        internal static class CacheHandler
        {
            public static void ClearCache(Type[]? types) =>
                Console.WriteLine("cleared: " + (types is null ? "everything" : string.Join(",", Array.ConvertAll(types, t => t.Name))));
        }

        public static class Program
        {
            public static void Main()
            {
                var count = 0;
                while (true)
                {
                    Console.WriteLine(Greeter.Text() + " " + count++);
                    Thread.Sleep(50);
                }
            }
        }
        """,
        path: Path,
        encoding: Encoding.UTF8);

    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(System.IO.Path.PathSeparator)
            .Where(p => System.IO.Path.GetFileName(p) is "System.Private.CoreLib.dll" or "System.Runtime.dll" or "System.Console.dll" or "System.Threading.Thread.dll" or "System.Threading.dll")
            .Select(p => MetadataReference.CreateFromFile(p));
}
