using System.Globalization;

namespace DevLoop.Kubernetes.Target;

/// <summary>The annotations a pod carries once DevLoop changed it: that it differs from its image, since when, from which commit.</summary>
public static class PodMarks
{
    public const string Prefix = "devloop.dev/";
    public const string DiffersFromImage = Prefix + "differs-from-image";
    public const string SyncedAt = Prefix + "synced-at";
    public const string Commit = Prefix + "commit";

    public static IReadOnlyDictionary<string, string?> For(DateTimeOffset now, string? commit) => new Dictionary<string, string?>
    {
        [DiffersFromImage] = "true",
        [SyncedAt] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        [Commit] = commit ?? "unknown",
    };

    public static bool IsMarked(Api.Pod pod) => pod.Metadata.Annotations?.ContainsKey(DiffersFromImage) == true;
}
