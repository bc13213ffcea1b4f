using System.Text.Json;
using DevLoop.Core.Json;

namespace DevLoop.Core.Snapshots;

/// <summary>Keeps the last snapshot on disk so a one-shot build (DeployDev) hashes only what changed.</summary>
public sealed class SnapshotStore
{
    private readonly string _path;

    public SnapshotStore(string path)
    {
        _path = path;
    }

    public OutputSnapshot? Load(string root)
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(_path);
            var stored = JsonSerializer.Deserialize(stream, CoreJsonContext.Default.StoredSnapshot);
            if (stored is null || !string.Equals(stored.Root, root, StringComparison.Ordinal))
            {
                return null;
            }

            var files = stored.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
            return new OutputSnapshot(root, files, 0);
        }
        catch (JsonException)
        {
            // A corrupt cache only costs a full re-hash.
            return null;
        }
    }

    public void Save(OutputSnapshot snapshot)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var stored = new StoredSnapshot(snapshot.Root, snapshot.Files.Values.ToList());
        var temp = _path + ".tmp";
        using (var stream = File.Create(temp))
        {
            JsonSerializer.Serialize(stream, stored, CoreJsonContext.Default.StoredSnapshot);
        }

        File.Move(temp, _path, overwrite: true);
    }
}

public sealed record StoredSnapshot(string Root, List<FileState> Files);
