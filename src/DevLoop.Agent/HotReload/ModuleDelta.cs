using System.Buffers.Binary;

namespace DevLoop.Agent.HotReload;

/// <summary>
/// One Hot Reload update of one module, as Roslyn's EmitDifference writes it: metadata, IL and PDB
/// deltas, for the module with this MVID, and the metadata tokens of the types it changed (for the
/// frameworks' caches; null when not told, which makes them clear everything). On the wire: the MVID
/// (16 bytes), then each delta as a big-endian 32-bit length and its bytes, then, when told, the
/// types the same way (big-endian 32-bit tokens).
/// </summary>
internal sealed record ModuleDelta(Guid ModuleId, byte[] Metadata, byte[] IL, byte[] Pdb, int[]? ChangedTypes = null)
{
    /// <summary>Larger than any delta of one edit (~3 KB) by far, and small enough to hold in memory.</summary>
    public const int MaxSize = 16 * 1024 * 1024;

    public byte[] ToBytes()
    {
        var parts = ChangedTypes is null ? new[] { Metadata, IL, Pdb } : new[] { Metadata, IL, Pdb, Tokens(ChangedTypes) };
        var bytes = new byte[16 + parts.Sum(p => 4 + p.Length)];
        ModuleId.TryWriteBytes(bytes.AsSpan(0, 16));
        var offset = 16;
        foreach (var part in parts)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(offset), part.Length);
            part.CopyTo(bytes.AsSpan(offset + 4));
            offset += 4 + part.Length;
        }

        return bytes;
    }

    /// <summary>Null when the bytes are not one whole delta.</summary>
    public static ModuleDelta? FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 28 || bytes.Length > MaxSize)
        {
            return null;
        }

        var moduleId = new Guid(bytes[..16]);
        var parts = new List<byte[]>(4);
        var offset = 16;
        while (parts.Count < 3 || (parts.Count == 3 && offset < bytes.Length))
        {
            if (offset + 4 > bytes.Length)
            {
                return null;
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(bytes[offset..]);
            if (length < 0 || offset + 4 + length > bytes.Length)
            {
                return null;
            }

            parts.Add(bytes.Slice(offset + 4, length).ToArray());
            offset += 4 + length;
        }

        if (offset != bytes.Length || (parts.Count == 4 && parts[3].Length % 4 != 0))
        {
            return null;
        }

        var types = parts.Count == 4 ? Enumerable.Range(0, parts[3].Length / 4).Select(i => BinaryPrimitives.ReadInt32BigEndian(parts[3].AsSpan(i * 4))).ToArray() : null;
        return new ModuleDelta(moduleId, parts[0], parts[1], parts[2], types);
    }

    private static byte[] Tokens(int[] tokens)
    {
        var bytes = new byte[tokens.Length * 4];
        for (var i = 0; i < tokens.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(i * 4), tokens[i]);
        }

        return bytes;
    }
}
