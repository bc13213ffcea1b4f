using System.Globalization;

namespace DevLoop.Bench;

/// <summary>
/// CPU time of this process and of its children that have ended (/proc/self/stat), so that a build's
/// own cost can be told apart from waiting for cores that other work holds.
/// </summary>
internal readonly record struct ProcessCpu(long SelfTicks, long ChildrenTicks)
{
    // USER_HZ: the kernel reports these times in 1/100 s on every Linux ABI .NET runs on.
    private const double MsPerTick = 10;

    public static ProcessCpu Read() => Read("self");

    /// <param name="process">A pid, or "self".</param>
    public static ProcessCpu Read(string process)
    {
        var stat = File.ReadAllText($"/proc/{process}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture); // numbered as in proc(5), from the state (3)
        return new ProcessCpu(Field(14) + Field(15), Field(16) + Field(17));
    }

    public double OwnMs => SelfTicks * MsPerTick;

    public static double SelfMs(ProcessCpu before, ProcessCpu after) => (after.SelfTicks - before.SelfTicks) * MsPerTick;

    public static double ChildrenMs(ProcessCpu before, ProcessCpu after) => (after.ChildrenTicks - before.ChildrenTicks) * MsPerTick;
}
