using System.Buffers.Binary;

namespace DevLoop.Agent.HotReload;

/// <summary>
/// One Hot Reload update of one module, as Roslyn's EmitDifference writes it: metadata, IL and PDB
/// deltas, for the module with this MVID. On the wire: the MVID (16 bytes), then each delta as a
/// big-endian 32-bit length and its bytes.
/// </summary>
internal sealed record ModuleDelta(Guid ModuleId, byte[] Metadata, byte[] IL, byte[] Pdb)
{
    /// <summary>Larger than any delta of one edit (~3 KB) by far, and small enough to hold in memory.</summary>
    public const int MaxSize = 16 * 1024 * 1024;

    public byte[] ToBytes()
    {
        var bytes = new byte[16 + 12 + Metadata.Length + IL.Length + Pdb.Length];
        ModuleId.TryWriteBytes(bytes.AsSpan(0, 16));
        var offset = 16;
        foreach (var part in new[] { Metadata, IL, Pdb })
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
        var parts = new byte[3][];
        var offset = 16;
        for (var i = 0; i < 3; i++)
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

            parts[i] = bytes.Slice(offset + 4, length).ToArray();
            offset += 4 + length;
        }

        return offset == bytes.Length ? new ModuleDelta(moduleId, parts[0], parts[1], parts[2]) : null;
    }
}
