using System.Globalization;

namespace DevLoop.Cli.Building;

/// <summary>
/// Chooses how watch and sync build: in process with the SDK the project uses, when this runtime can
/// load that SDK's MSBuild (an SDK's MSBuild needs a runtime at least as new as its own major
/// version); otherwise a `dotnet build` child. DEVLOOP_BUILD=child|inproc forces one.
/// </summary>
internal static class BuildWayChooser
{
    public const string Variable = "DEVLOOP_BUILD";

    /// <param name="forced">DEVLOOP_BUILD's value, already checked to be null, "child" or "inproc".</param>
    /// <param name="projectSdk">What `dotnet --version` reports in the project's folder (global.json respected); null if it failed.</param>
    /// <param name="runtimeMajor">The major version of the runtime this tool runs on.</param>
    /// <param name="installed">The SDKs MSBuildLocator found, whatever runtime they need.</param>
    public static BuildWayChoice Choose(string? forced, string? projectSdk, int runtimeMajor, IReadOnlyList<SdkInstance> installed)
    {
        if (IsChild(forced))
        {
            return Child($"{Variable}=child");
        }

        var inProcess = InProcess(projectSdk, runtimeMajor, installed);
        if (inProcess.Way == BuildWay.ChildProcess && IsInProc(forced))
        {
            return inProcess with { Refused = true };
        }

        return inProcess;
    }

    public static bool IsInProc(string? forced) => string.Equals(forced, "inproc", StringComparison.OrdinalIgnoreCase);

    public static bool IsChild(string? forced) => string.Equals(forced, "child", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether DEVLOOP_BUILD holds a value this tool knows (unset counts).</summary>
    public static bool IsKnown(string? forced) =>
        string.IsNullOrEmpty(forced) || string.Equals(forced, "child", StringComparison.OrdinalIgnoreCase) || string.Equals(forced, "inproc", StringComparison.OrdinalIgnoreCase);

    private static BuildWayChoice InProcess(string? projectSdk, int runtimeMajor, IReadOnlyList<SdkInstance> installed)
    {
        if (string.IsNullOrWhiteSpace(projectSdk))
        {
            return Child("'dotnet --version' did not say which SDK the project uses");
        }

        var sdkMajor = Major(projectSdk);
        if (sdkMajor is null)
        {
            return Child($"the project's SDK version '{projectSdk}' could not be read");
        }

        if (sdkMajor > runtimeMajor)
        {
            return Child($"this tool runs on .NET {runtimeMajor}, the project's SDK {projectSdk} needs .NET {sdkMajor}");
        }

        var sdk = installed.FirstOrDefault(i => string.Equals(i.Version, projectSdk, StringComparison.OrdinalIgnoreCase));
        return sdk is null
            ? Child($"MSBuildLocator did not find the project's SDK {projectSdk}")
            : new BuildWayChoice(BuildWay.InProcess, $"building in process with SDK {projectSdk}'s MSBuild", sdk);
    }

    private static BuildWayChoice Child(string why) => new(BuildWay.ChildProcess, $"building with 'dotnet build' ({why})");

    private static int? Major(string version) =>
        int.TryParse(version.Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : null;
}
