namespace DevLoop.Agent;

/// <summary>
/// A file system with no room left (ENOSPC, or a quota) told as what it is: the place, what the sync
/// needs there, what is free, and how to give it more. .NET gives the errno as the HResult on Unix.
/// </summary>
internal static class FullPlace
{
    private const int NoSpace = 28;
    private const int QuotaExceeded = 122;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);
    private const long MiB = 1024 * 1024;

    public static bool Is(Exception e) => e is IOException { HResult: NoSpace or QuotaExceeded or WindowsDiskFull or WindowsHandleDiskFull };

    /// <summary>The bytes the app user may still write where <paramref name="path"/> is; null when the file system does not say.</summary>
    public static long? FreeBytes(string path)
    {
        try
        {
            return new DriveInfo(path).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Refuses before anything is written when the place is known to be too small.</summary>
    public static void EnsureRoom(string place, string purpose, long needed, long roomFor)
    {
        if (FreeBytes(place) is { } free && free < needed)
        {
            throw Refusal(place, purpose, needed, roomFor, free);
        }
    }

    /// <param name="place">The folder that could not be written.</param>
    /// <param name="purpose">What needed the room, as a phrase ("this sync's 12 files").</param>
    /// <param name="needed">The bytes that purpose needs.</param>
    /// <param name="roomFor">The bytes the place should hold to serve every sync of this app: the size to advise.</param>
    public static AgentException Refusal(string place, string purpose, long needed, long roomFor, long? free = null)
    {
        free ??= FreeBytes(place);
        var freeText = free is { } bytes ? $"{Size(bytes)} is free there" : "the file system does not say how much is free";
        var advise = Math.Max(64, (roomFor + 63 * MiB) / (64 * MiB) * 64);
        return new AgentException(
            ErrorCodes.NoWritablePlace,
            $"There is no room left in '{place}': {purpose} need {Size(needed)} and {freeText}. "
            + $"Give that place at least {advise} MiB (a bigger tmpfs: docker run --tmpfs /tmp:size={advise}m; a bigger emptyDir sizeLimit in Kubernetes; "
            + $"or set {AgentLayout.StateDirVariable} to a volume with room), then sync again. Nothing was changed.");
    }

    public static string Size(long bytes) => bytes >= MiB
        ? $"{bytes / (double)MiB:F1} MiB"
        : $"{Math.Max(1, (bytes + 1023) / 1024)} KiB";
}
