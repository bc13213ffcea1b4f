using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DevLoop.Core.Json;

namespace DevLoop.Core.Sync;

/// <summary>
/// Remembers the manifest last written to each target, so a sync after the first need not read the
/// target's files again. It is trusted only while the target confirms the generation it was saved
/// with (the engine asks on every sync), and the agent's own generation check catches the rest.
/// </summary>
public sealed class ManifestCache
{
    private readonly string _directory;

    public ManifestCache(string directory)
    {
        _directory = directory;
    }

    /// <summary>One entry per target and app folder: the same container synced into two folders holds two manifests.</summary>
    public static string KeyOf(Channels.SyncTarget target) => target.Key;

    public RemoteManifest? TryLoad(string identity)
    {
        var path = PathFor(identity);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var stored = JsonSerializer.Deserialize(File.ReadAllBytes(path), CoreJsonContext.Default.StoredManifest);
            return stored is null || stored.Identity != identity ? null : new RemoteManifest(stored.Generation, stored.Files);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Save(string identity, RemoteManifest manifest)
    {
        Directory.CreateDirectory(_directory);
        var path = PathFor(identity);
        var stored = new StoredManifest(identity, manifest.Generation, new Dictionary<string, string>(manifest.Files));
        File.WriteAllBytes(path + ".tmp", JsonSerializer.SerializeToUtf8Bytes(stored, CoreJsonContext.Default.StoredManifest));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public void Forget(string identity)
    {
        File.Delete(PathFor(identity));
    }

    /// <summary>Drops every cached manifest (after a reset, the targets hold their images' files again).</summary>
    public void ForgetAll()
    {
        if (Directory.Exists(_directory))
        {
            foreach (var cache in Directory.EnumerateFiles(_directory, "manifest-*.json"))
            {
                File.Delete(cache);
            }
        }
    }

    private string PathFor(string identity)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16].ToLowerInvariant();
        return Path.Combine(_directory, "manifest-" + key + ".json");
    }
}

public sealed record StoredManifest(string Identity, string Generation, Dictionary<string, string> Files);
