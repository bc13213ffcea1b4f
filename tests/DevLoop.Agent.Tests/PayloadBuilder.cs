using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace DevLoop.Agent.Tests;

/// <summary>Hand-made payloads, including ones the engine would never produce.</summary>
internal static class PayloadBuilder
{
    public static MemoryStream Build(string baseGeneration, string newGeneration, IReadOnlyDictionary<string, string> files, IEnumerable<string>? deletes = null, IReadOnlyDictionary<string, string>? declaredHashes = null, bool truncate = false, object? marks = null)
    {
        var body = new MemoryStream();
        using (var gzip = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            var plan = new
            {
                baseGeneration = Gen(baseGeneration),
                newGeneration = newGeneration.Length == 32 || newGeneration.Contains('.') || newGeneration.Contains('/') ? newGeneration : Gen(newGeneration),
                files = declaredHashes ?? files.ToDictionary(f => f.Key, f => Sha(f.Value)),
                deletes = (deletes ?? Array.Empty<string>()).ToList(),
                restart = true,
                marks,
            };
            Add(tar, ".devloop-plan.json", JsonSerializer.Serialize(plan));
            foreach (var (path, content) in files)
            {
                Add(tar, path, content);
            }
        }

        var bytes = body.ToArray();
        var result = new MemoryStream();
        var header = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(header, bytes.Length);
        result.Write(header);
        result.Write(bytes, 0, truncate ? bytes.Length / 2 : bytes.Length);
        result.Position = 0;
        return result;
    }

    /// <summary>A valid generation (32 hex digits) named after a readable label.</summary>
    public static string Gen(string label) => label is "none" || label.StartsWith("dirty-", StringComparison.Ordinal) ? label : Sha(label)[..32];

    public static string Sha(string content) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(content))).ToLowerInvariant();

    private static void Add(TarWriter tar, string name, string content)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), Mode = (UnixFileMode)0b110_100_100 };
        tar.WriteEntry(entry);
    }
}
