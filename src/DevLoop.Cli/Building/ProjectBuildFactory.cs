using System.Runtime.CompilerServices;
using DevLoop.Cli.Output;
using DevLoop.Core.Errors;

namespace DevLoop.Cli.Building;

/// <summary>Starts the way the session builds (see <see cref="BuildWayChooser"/>) and says once, in one line, which and why.</summary>
internal static class ProjectBuildFactory
{
    public static async Task<IProjectBuild> CreateAsync(string project, IReadOnlyDictionary<string, string> properties, ConsoleOutput output, BuildGate gate, CancellationToken cancellationToken)
    {
        var projectDir = Path.GetDirectoryName(project)!;
        var forced = Environment.GetEnvironmentVariable(BuildWayChooser.Variable);
        if (!BuildWayChooser.IsKnown(forced))
        {
            output.Warning(ErrorCodes.BuildWayUnknown, $"{BuildWayChooser.Variable} is '{forced}', which is neither 'child' nor 'inproc'; it is ignored.");
            forced = null;
        }

        if (BuildWayChooser.IsChild(forced))
        {
            return Child(project, properties, output, gate, BuildWayChooser.Choose(forced, null, Environment.Version.Major, Array.Empty<SdkInstance>()).Reason);
        }

        // Which SDK the project uses (global.json respected), and whether this runtime can load its MSBuild.
        var sdk = await SdkVersion.OfAsync(projectDir, cancellationToken).ConfigureAwait(false);
        var choice = BuildWayChooser.Choose(forced, sdk, Environment.Version.Major, MSBuildInstances.Query(projectDir));

        if (choice.Refused)
        {
            throw new DevLoopException(ErrorCodes.InProcessBuildUnavailable, $"{BuildWayChooser.Variable}=inproc, but the build cannot run in this process: {choice.Reason}. Unset {BuildWayChooser.Variable} to let DevLoop choose.");
        }

        if (choice is { Way: BuildWay.InProcess, Sdk: { } instance })
        {
            if (!MSBuildInstances.Register(instance, projectDir))
            {
                return Child(project, properties, output, gate, "building with 'dotnet build' (this process already loaded another SDK's MSBuild)");
            }

            try
            {
                var build = StartInProcess(project, properties, output, gate);
                output.Info(choice.Reason);
                return build;
            }
            catch (Exception e) when (IsLoadFailure(e))
            {
                var failed = $"loading SDK {instance.Version}'s MSBuild into this process failed ({e.GetType().Name}: {e.Message})";
                if (BuildWayChooser.IsInProc(forced))
                {
                    throw new DevLoopException(ErrorCodes.InProcessBuildUnavailable, $"{BuildWayChooser.Variable}=inproc, but {failed}. Unset {BuildWayChooser.Variable} to let DevLoop choose.", e);
                }

                output.Warning(ErrorCodes.InProcessBuildUnavailable, $"{char.ToUpperInvariant(failed[0])}{failed[1..]}; building with 'dotnet build' instead.");
                return new ChildProcessBuild(project, properties, output, gate);
            }
        }

        return Child(project, properties, output, gate, choice.Reason);
    }

    /// <summary>What a runtime that cannot run the SDK's MSBuild throws while loading or JIT-compiling it.</summary>
    public static bool IsLoadFailure(Exception e) =>
        e is FileNotFoundException or FileLoadException or TypeLoadException or MissingMethodException or MissingFieldException or BadImageFormatException;

    private static IProjectBuild Child(string project, IReadOnlyDictionary<string, string> properties, ConsoleOutput output, BuildGate gate, string reason)
    {
        output.Info(reason);
        return new ChildProcessBuild(project, properties, output, gate);
    }

    // Kept apart so that nothing JIT-compiled before registration names a Microsoft.Build type.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IProjectBuild StartInProcess(string project, IReadOnlyDictionary<string, string> properties, ConsoleOutput output, BuildGate gate) =>
        new InProcessBuild(project, properties, output.Raw, output.Verbose, InProcessBuildHost.Of(gate));
}
