using System.Security.Cryptography;

namespace DevLoop.Core.Snapshots;

public static class FileHasher
{
    /// <summary>Lower-case hex SHA-256, the form the agent reports too.</summary>
    public static string HashFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }
}
