using System.Reflection.Metadata;
using System.Security.Cryptography;
using Microsoft.CodeAnalysis;

namespace DevLoop.HotReload;

/// <summary>Compares sources with the document checksums the build wrote into the PDB.</summary>
internal static class SourceChecksums
{
    private static readonly Guid Sha256 = new("8829d00f-11b8-4213-878b-770e8597ac16");
    private static readonly Guid Sha1 = new("ff1816ec-aa5e-4d10-87f7-6f4963833460");

    /// <summary>The first of these files (full path → bytes) that is not what the PDB was built from; null when all match.</summary>
    public static string? Differing(MetadataReader pdb, IEnumerable<KeyValuePair<string, byte[]>> sources) =>
        FirstDiffering(pdb, sources.Select(s => (s.Key, (Func<Guid, byte[]?>)(algorithm =>
            algorithm == Sha256 ? SHA256.HashData(s.Value) : algorithm == Sha1 ? SHA1.HashData(s.Value) : null))));

    /// <summary>The first source whose text is not the one the PDB was built from; null when all match.</summary>
    public static string? Differing(MetadataReader pdb, IEnumerable<SyntaxTree> trees) =>
        FirstDiffering(pdb, trees.Select(t => (t.FilePath, (Func<Guid, byte[]?>)(algorithm =>
            algorithm == Sha256 || algorithm == Sha1 ? t.GetText().GetChecksum().ToArray() : null))));

    /// <param name="sources">Each source's path, and its checksum by the PDB's algorithm (null when DevLoop does not know that one).</param>
    private static string? FirstDiffering(MetadataReader pdb, IEnumerable<(string Path, Func<Guid, byte[]?> Checksum)> sources)
    {
        var documents = pdb.Documents.Select(pdb.GetDocument).ToDictionary(d => pdb.GetString(d.Name), StringComparer.Ordinal);
        foreach (var (path, checksumBy) in sources)
        {
            // Generated files and files without sequence points may have no document; the compile checks them.
            if (!documents.TryGetValue(path, out var document))
            {
                continue;
            }

            var checksum = checksumBy(pdb.GetGuid(document.HashAlgorithm));
            if (checksum is not null && !checksum.AsSpan().SequenceEqual(pdb.GetBlobContent(document.Hash).AsSpan()))
            {
                return path;
            }
        }

        return null;
    }
}
