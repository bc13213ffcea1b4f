using System.Text.Json;
using DevLoop.Core.Json;

namespace DevLoop.Core.Sync;

/// <summary>The machine-readable record of the last sync, which `watch` reads to split its timings.</summary>
public sealed record SyncSummary(string Target, int FilesPut, int FilesDeleted, long PayloadBytes, double TotalMs, double RestartMs, string Restart)
{
    public static SyncSummary From(SyncResult result) => new(
        result.Target,
        result.FilesPut,
        result.FilesDeleted,
        result.PayloadBytes,
        result.Total.TotalMilliseconds,
        result.RestartDuration.TotalMilliseconds,
        result.Restart.ToString());

    public void WriteTo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(this, CoreJsonContext.Default.SyncSummary));
    }

    public static SyncSummary? ReadFrom(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), CoreJsonContext.Default.SyncSummary) : null;
}
