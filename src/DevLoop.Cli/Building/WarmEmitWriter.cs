using DevLoop.Core.Compiling;

namespace DevLoop.Cli.Building;

/// <summary>
/// Puts a warm emit's files where the build puts them, so that the next `dotnet build` finds its
/// compiler's outputs up to date and holding its own bytes: the compiler's outputs (obj/), the
/// reference assembly in refint/ when it changed (as CopyRefAssembly does), and the DLL, PDB and
/// documentation in the output folder (as CopyFilesToOutputDirectory, with the same times). Each
/// file is replaced whole.
/// </summary>
internal static class WarmEmitWriter
{
    public static void Write(WarmEmitFiles files, WarmEmitOutput output, string outputDir)
    {
        Replace(files.Assembly, output.Assembly!);
        CopyToOutput(files.Assembly, outputDir, always: true);
        if (files.Pdb is { } pdb && output.Pdb is { } pdbBytes)
        {
            Replace(pdb, pdbBytes);
            CopyToOutput(pdb, outputDir, always: false);
        }

        if (files.Documentation is { } documentation && output.Documentation is { } documentationBytes)
        {
            Replace(documentation, documentationBytes);
            CopyToOutput(documentation, outputDir, always: false);
        }

        foreach (var (path, bytes) in output.GeneratedFiles)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Replace(path, bytes);
        }

        if (files.Reference is { } reference && output.Reference is { } referenceBytes)
        {
            Replace(reference, referenceBytes);
            if (CopiedReference(reference) is { } copy && File.Exists(copy) && !File.ReadAllBytes(copy).AsSpan().SequenceEqual(referenceBytes))
            {
                Replace(copy, referenceBytes);
            }
        }
    }

    /// <summary>
    /// After a write that failed part way: the compiler's outputs are dated long ago, so that the next
    /// build compiles again rather than keep a mix of new and old files.
    /// </summary>
    /// <exception cref="IOException">Neither dated nor deleted: the message says which file to delete before the next build.</exception>
    public static void MarkStale(WarmEmitFiles files)
    {
        foreach (var path in new[] { files.Assembly, files.Pdb, files.Reference, files.Documentation })
        {
            if (path is null || !File.Exists(path))
            {
                continue;
            }

            try
            {
                File.SetLastWriteTimeUtc(path, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"{path} may hold a half-written warm emit and could not be marked for the build to compile again ({e.Message}); delete it, or run 'dotnet build --no-incremental'", e);
            }
        }
    }

    /// <summary>
    /// A referenced project's assembly, PDB and documentation, from its output folder into the
    /// referencing app's, where the build copied them before (copy-local), with the same times as
    /// the build's copy gives them.
    /// </summary>
    public static void CopyLocal(WarmEmitFiles referenced, string referencedOutputDir, string outputDir)
    {
        foreach (var built in new[] { referenced.Assembly, referenced.Pdb, referenced.Documentation })
        {
            if (built is null)
            {
                continue;
            }

            var source = Path.Combine(referencedOutputDir, Path.GetFileName(built));
            var target = Path.Combine(outputDir, Path.GetFileName(built));
            if (File.Exists(source) && File.Exists(target))
            {
                Replace(target, File.ReadAllBytes(source));
                File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(source));
            }
        }
    }

    /// <summary>
    /// Where the build copies the compiler's reference assembly (CopyRefAssembly, when it changed):
    /// refint/ to ref/ in the SDKs of today, ref/ to refint/ in older ones.
    /// </summary>
    public static string? CopiedReference(string reference)
    {
        var folder = Path.GetDirectoryName(reference)!;
        var other = Path.GetFileName(folder) switch
        {
            "refint" => "ref",
            "ref" => "refint",
            _ => null,
        };
        return other is null ? null : Path.Combine(Path.GetDirectoryName(folder)!, other, Path.GetFileName(reference));
    }

    /// <param name="always">Whether the build always copies it (the assembly), or only when it is there (the PDB and documentation, each behind its own property).</param>
    private static void CopyToOutput(string built, string outputDir, bool always)
    {
        var target = Path.Combine(outputDir, Path.GetFileName(built));
        if (!always && !File.Exists(target))
        {
            return;
        }

        Replace(target, File.ReadAllBytes(built));
        File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(built));
    }

    private static void Replace(string path, byte[] bytes)
    {
        var temporary = path + ".devloop-" + Environment.ProcessId;
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
