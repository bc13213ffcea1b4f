using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace DevLoop.Compiler;

/// <summary>
/// Loads the build's source generators (from the SDK and packages) into one context of their own;
/// what they depend on comes from beside them, and Roslyn itself from the context the compilation's
/// own Roslyn was loaded in (the tool's, or the SDK's compiler for the warm emit).
/// </summary>
internal sealed class AnalyzerAssemblyLoader : IAnalyzerAssemblyLoader
{
    private readonly Context _context = new();

    public void AddDependencyLocation(string fullPath) => _context.Folders.Add(Path.GetDirectoryName(fullPath)!);

    public Assembly LoadFromPath(string fullPath)
    {
        _context.Folders.Add(Path.GetDirectoryName(fullPath)!);
        return _context.LoadFromAssemblyPath(fullPath);
    }

    private sealed class Context() : AssemblyLoadContext("DevLoop.Generators")
    {
        public HashSet<string> Folders { get; } = new(StringComparer.Ordinal);

        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name is null)
            {
                return null;
            }

            // The compiler's own assemblies (not analyzers named like them, such as Microsoft.CodeAnalysis.NetAnalyzers).
            if (name.Name is "Microsoft.CodeAnalysis" or "Microsoft.CodeAnalysis.CSharp" or "Microsoft.CodeAnalysis.VisualBasic")
            {
                return GetLoadContext(typeof(Microsoft.CodeAnalysis.Compilation).Assembly)!.LoadFromAssemblyName(name);
            }

            var beside = Folders.Select(f => Path.Combine(f, name.Name + ".dll")).FirstOrDefault(File.Exists);
            return beside is null ? null : LoadFromAssemblyPath(beside);
        }
    }
}
