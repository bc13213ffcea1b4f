using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using DevLoop.Core.Json;
using DevLoop.Core.Snapshots;

namespace DevLoop.Core.Sync;

/// <summary>
/// Builds the single stream one sync sends: an 8-byte little-endian length, then a gzip tar of the
/// plan entry and the changed files. The length lets the agent stop reading without waiting for an
/// end of stdin, which some exec transports cannot signal.
/// </summary>
public static class PayloadWriter
{
    public const string PlanEntryName = ".devloop-plan.json";

    public static MemoryStream Write(SyncPlan plan, OutputSnapshot snapshot, AgentPlan agentPlan, CompressionLevel level)
    {
        var body = new MemoryStream();
        body.Write(new byte[8]);
        using (var gzip = new GZipStream(body, level, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            var planBytes = JsonSerializer.SerializeToUtf8Bytes(agentPlan, CoreJsonContext.Default.AgentPlan);
            WriteEntry(tar, PlanEntryName, new MemoryStream(planBytes), executable: false, DateTimeOffset.UtcNow);
            WriteFiles(tar, plan, snapshot);
        }

        var length = body.Length - 8;
        BinaryPrimitives.WriteInt64LittleEndian(body.GetBuffer().AsSpan(0, 8), length);
        body.Position = 0;
        return body;
    }

    /// <summary>A plain, uncompressed tar of the files to put, for targets that extract with their own tar.</summary>
    public static MemoryStream WritePlainTar(SyncPlan plan, OutputSnapshot snapshot)
    {
        var body = new MemoryStream();
        using (var tar = new TarWriter(body, TarEntryFormat.Pax, leaveOpen: true))
        {
            WriteFiles(tar, plan, snapshot);
        }

        body.Position = 0;
        return body;
    }

    private static void WriteFiles(TarWriter tar, SyncPlan plan, OutputSnapshot snapshot)
    {
        foreach (var put in plan.Puts)
        {
            using var data = new FileStream(snapshot.FullPath(put.Path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            WriteEntry(tar, put.Path, data, put.Executable, new DateTimeOffset(put.LastWriteUtcTicks, TimeSpan.Zero));
        }
    }

    private static void WriteEntry(TarWriter tar, string name, Stream data, bool executable, DateTimeOffset modified)
    {
        // Ustar when the name fits, pax otherwise: pax adds a 1 KiB header to every entry.
        TarEntry entry = FitsUstar(name)
            ? new UstarTarEntry(TarEntryType.RegularFile, name)
            : new PaxTarEntry(TarEntryType.RegularFile, name);
        entry.Mode = executable
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        entry.Uid = 1654;
        entry.Gid = 1654;
        entry.ModificationTime = modified;
        entry.DataStream = data;
        tar.WriteEntry(entry);
    }

    // .NET's ustar writer does not split a long name into the prefix field, so longer names use pax.
    private static bool FitsUstar(string name) =>
        name.Length <= 100 && System.Text.Encoding.UTF8.GetByteCount(name) == name.Length;
}
