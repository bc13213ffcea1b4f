using System.Globalization;

namespace DevLoop.Bench;

/// <summary>How busy the machine's CPUs were between two readings of /proc/stat (1.0 = every core busy all the time).</summary>
internal readonly record struct HostCpu(long Busy, long Total)
{
    public static HostCpu Read()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4];
        return new HostCpu(fields.Sum() - idle, fields.Sum());
    }

    public static double BusyBetween(HostCpu before, HostCpu after) =>
        after.Total == before.Total ? 0 : (after.Busy - before.Busy) / (double)(after.Total - before.Total);
}
