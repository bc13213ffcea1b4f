using System.Reflection.Metadata;
using System.Text;
using DevLoop.Core.Compiling;

namespace DevLoop.Cli.Building;

/// <summary>Whether a warm emit is the build's output byte for byte, and when it is not, what differs (with the compilers each names in its PDB).</summary>
internal static class WarmEmitProof
{
    // The PDB's record of the compilation's options (Roslyn's portable PDB "compilation options" debug information).
    private static readonly Guid CompilationOptions = new("B5FEEC05-8CD0-4A83-96DA-466284BB4BD8");

    /// <summary>The bytes of what the build's compiler wrote (missing files left out): read right after the build, before anything else writes there.</summary>
    public static IReadOnlyDictionary<string, byte[]> Capture(WarmEmitFiles files) =>
        new[] { files.Assembly, files.Pdb, files.Reference, files.Documentation }
            .OfType<string>()
            .Where(File.Exists)
            .ToDictionary(p => p, File.ReadAllBytes, StringComparer.Ordinal);

    /// <summary>The first file that differs from what the build wrote (<see cref="Capture"/>), described; null when all are the same.</summary>
    public static string? FirstDifference(WarmEmitFiles files, WarmEmitOutput output, IReadOnlyDictionary<string, byte[]> built)
    {
        foreach (var (path, bytes) in new[] { (files.Assembly, output.Assembly), (files.Pdb, output.Pdb), (files.Reference, output.Reference), (files.Documentation, output.Documentation) })
        {
            if (path is null || bytes is null)
            {
                continue;
            }

            if (!built.TryGetValue(path, out var theirs))
            {
                return $"the build wrote no {Path.GetFileName(path)} to compare with";
            }

            if (theirs.AsSpan().SequenceEqual(bytes))
            {
                continue;
            }

            var compilers = files.Pdb is { } pdb && output.Pdb is { } ours && built.TryGetValue(pdb, out var theirPdb)
                && CompilerOf(theirPdb) is { } their && CompilerOf(ours) is { } mine && their != mine
                    ? $": the build's compiler is {their}, DevLoop's is {mine}"
                    : string.Empty;
            return $"the warm emit's {Path.GetFileName(path)} is not the build's{compilers}";
        }

        return null;
    }

    /// <summary>The compiler and runtime versions a portable PDB records, or null.</summary>
    public static string? CompilerOf(byte[] pdb)
    {
        try
        {
            using var provider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(pdb));
            var reader = provider.GetMetadataReader();
            foreach (var handle in reader.CustomDebugInformation)
            {
                var information = reader.GetCustomDebugInformation(handle);
                if (information.Parent.Kind == HandleKind.ModuleDefinition && reader.GetGuid(information.Kind) == CompilationOptions)
                {
                    var pairs = Encoding.UTF8.GetString(reader.GetBlobBytes(information.Value)).Split('\0');
                    var values = new Dictionary<string, string>(StringComparer.Ordinal);
                    for (var i = 0; i + 1 < pairs.Length; i += 2)
                    {
                        values.TryAdd(pairs[i], pairs[i + 1]);
                    }

                    return values.TryGetValue("compiler-version", out var compiler)
                        ? "Roslyn " + compiler + (values.TryGetValue("runtime-version", out var runtime) ? " on .NET " + runtime.Split('+')[0] : string.Empty)
                        : null;
                }
            }
        }
        catch (BadImageFormatException)
        {
            // Not a portable PDB: nothing to name.
        }

        return null;
    }
}
