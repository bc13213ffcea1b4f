using System.Globalization;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>One resourceVersion sequence for every kind, as etcd's revision is for a real server.</summary>
public sealed class VersionClock
{
    private long _current = 100;

    public long Current => Interlocked.Read(ref _current);

    public long Next() => Interlocked.Increment(ref _current);

    public static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);
}
