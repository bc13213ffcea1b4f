namespace DevLoop.Kubernetes.Api;

/// <summary>One event of a pods watch. A BOOKMARK carries only a resourceVersion, never a pod.</summary>
public sealed record PodWatchEvent(string Type, Pod? Pod, string? ResourceVersion)
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
    public const string Bookmark = "BOOKMARK";
}

/// <summary>The watch's resourceVersion is too old (410 Gone, as an HTTP status or an ERROR event): list again, then watch from the list.</summary>
public sealed class WatchExpiredException : Exception
{
    public WatchExpiredException(string message)
        : base(message)
    {
    }
}
