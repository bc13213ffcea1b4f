using System.Reflection.Metadata;
using System.Security.Cryptography;
using Microsoft.CodeAnalysis;

namespace DevLoop.HotReload;

/// <summary>Compares the sources of a compilation with the document checksums the build wrote into the PDB.</summary>
internal static class SourceChecksums
{
    private static readonly Guid Sha256 = new("8829d00f-11b8-4213-878b-770e8597ac16");
    private static readonly Guid Sha1 = new("ff1816ec-aa5e-4d10-87f7-6f4963833460");

    /// <summary>The first of these files (full path → bytes) that is not what the PDB was built from; null when all match.</summary>
    public static string? Differing(MetadataReader pdb, IEnumerable<KeyValuePair<string, byte[]>> sources)
    {
        var documents = pdb.Documents.Select(pdb.GetDocument).ToDictionary(d => pdb.GetString(d.Name), StringComparer.Ordinal);
        foreach (var (path, bytes) in sources)
        {
            if (!documents.TryGetValue(path, out var document))
            {
                continue;
            }

            var algorithm = pdb.GetGuid(document.HashAlgorithm);
            var checksum = algorithm == Sha256 ? SHA256.HashData(bytes) : algorithm == Sha1 ? SHA1.HashData(bytes) : null;
            if (checksum is not null && !checksum.AsSpan().SequenceEqual(pdb.GetBlobContent(document.Hash).AsSpan()))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>The first source whose text is not the one the PDB was built from; null when all match.</summary>
    public static string? Differing(MetadataReader pdb, IEnumerable<SyntaxTree> trees)
    {
        var documents = pdb.Documents.Select(pdb.GetDocument).ToDictionary(d => pdb.GetString(d.Name), StringComparer.Ordinal);
        foreach (var tree in trees)
        {
            if (!documents.TryGetValue(tree.FilePath, out var document))
            {
                // Generated files and files without sequence points may have no document; the compile checks them.
                continue;
            }

            var algorithm = pdb.GetGuid(document.HashAlgorithm);
            var text = tree.GetText();
            var checksum = algorithm == Sha256 || algorithm == Sha1 ? text.GetChecksum().ToArray() : null;
            if (checksum is not null && !checksum.AsSpan().SequenceEqual(pdb.GetBlobContent(document.Hash).AsSpan()))
            {
                return tree.FilePath;
            }
        }

        return null;
    }
}
