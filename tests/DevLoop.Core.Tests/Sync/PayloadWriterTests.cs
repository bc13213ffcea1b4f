using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using DevLoop.Core.Snapshots;
using DevLoop.Core.Sync;
using DevLoop.Testing;

namespace DevLoop.Core.Tests.Sync;

public sealed class PayloadWriterTests
{
    [Fact]
    public void Payload_is_length_prefixed_gzip_tar_with_the_plan_first_then_the_files()
    {
        using var dir = new TempDirectory();
        dir.Write("App.dll", "dll bytes");
        var apphost = dir.Write("App", "apphost");
        File.SetUnixFileMode(apphost, (UnixFileMode)0b111_101_101);
        var longName = string.Join('/', Enumerable.Repeat("folder-with-a-long-name", 8)) + "/file.json";
        dir.Write(longName, "{}");
        var snapshot = SnapshotBuilder.Take(dir.Path, null);
        var plan = SyncPlanner.Create(snapshot, RemoteManifest.Empty);
        var agentPlan = new AgentPlan("none", "g1", plan.Puts.ToDictionary(p => p.Path, p => p.Hash), new List<string> { "Old.dll" }, true, null);

        using var payload = PayloadWriter.Write(plan, snapshot, agentPlan, CompressionLevel.Fastest);

        var bytes = payload.ToArray();
        Assert.Equal(bytes.Length - 8, BinaryPrimitives.ReadInt64LittleEndian(bytes));
        using var tar = new TarReader(new GZipStream(new MemoryStream(bytes, 8, bytes.Length - 8), CompressionMode.Decompress));
        var planEntry = tar.GetNextEntry()!;
        Assert.Equal(PayloadWriter.PlanEntryName, planEntry.Name);
        using (var doc = JsonDocument.Parse(planEntry.DataStream!))
        {
            Assert.Equal("Old.dll", doc.RootElement.GetProperty("deletes")[0].GetString());
            Assert.Equal("none", doc.RootElement.GetProperty("baseGeneration").GetString());
        }

        var entries = new Dictionary<string, TarEntry>();
        while (tar.GetNextEntry(copyData: true) is { } entry)
        {
            entries[entry.Name] = entry;
        }

        Assert.Equal(new[] { "App", "App.dll", longName }.Order(), entries.Keys.Order());
        Assert.Equal(TarEntryFormat.Ustar, entries["App.dll"].Format);
        Assert.Equal(TarEntryFormat.Pax, entries[longName].Format);
        Assert.Equal((UnixFileMode)0b111_101_101, entries["App"].Mode);
        Assert.Equal((UnixFileMode)0b110_100_100, entries["App.dll"].Mode);
        Assert.Equal(1654, entries["App.dll"].Uid);
        Assert.True(entries["App.dll"].ModificationTime > DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public void A_one_file_change_costs_little_more_than_the_file()
    {
        using var dir = new TempDirectory();
        var random = new Random(42);
        var dll = new byte[64 * 1024];
        random.NextBytes(dll);
        File.WriteAllBytes(dir.Combine("App.dll"), dll);
        var snapshot = SnapshotBuilder.Take(dir.Path, null);
        var plan = SyncPlanner.Create(snapshot, RemoteManifest.Empty);
        var agentPlan = new AgentPlan("none", "g1", plan.Puts.ToDictionary(p => p.Path, p => p.Hash), new List<string>(), true, null);

        using var payload = PayloadWriter.Write(plan, snapshot, agentPlan, CompressionLevel.Fastest);

        Assert.InRange(payload.Length, dll.Length / 2, (long)(dll.Length * 1.5));
    }
}
