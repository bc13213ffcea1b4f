using System.Globalization;

namespace DevLoop.Kubernetes.PortForward;

/// <summary>One forward of DevLoopPortForward: a loopback port on this machine to a container port of the pod.</summary>
public sealed record PortForwardSpec(int LocalPort, int ContainerPort)
{
    public override string ToString() => $"{LocalPort}:{ContainerPort}";

    /// <summary>
    /// "5000:8080" (local:container) or "8080" (the same on both sides), separated by ';', ',' or spaces.
    /// Throws <see cref="FormatException"/> for anything else, or a local port listed twice.
    /// </summary>
    public static IReadOnlyList<PortForwardSpec> ParseList(string value)
    {
        var forwards = value.Split(new[] { ';', ',', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();
        if (forwards.GroupBy(f => f.LocalPort).Any(g => g.Count() > 1))
        {
            throw new FormatException("a local port is listed twice");
        }

        return forwards;
    }

    private static PortForwardSpec Parse(string entry)
    {
        var parts = entry.Split(':');
        return parts.Length switch
        {
            1 => new PortForwardSpec(Port(parts[0]), Port(parts[0])),
            2 => new PortForwardSpec(Port(parts[0]), Port(parts[1])),
            _ => throw new FormatException(),
        };
    }

    private static int Port(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port : throw new FormatException();
}
