using DevLoop.Targets.Sessions;
using DevLoop.Targets.Settings;
using Microsoft.Build.Framework;

namespace DevLoop.Build.Tasks;

/// <summary>
/// Hands a session opened by DevLoopConnect before the build to DevLoopDeploy after it, through
/// MSBuild's registered task objects (no static state): one per build output, for one build. MSBuild
/// disposes one that was never taken when the build ends.
/// </summary>
internal static class PreparedSessions
{
    public static void Register(IBuildEngine4 engine, PreparedSession session) =>
        engine.RegisterTaskObject(KeyOf(session.Settings), session, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);

    /// <summary>The session prepared for these settings, now owned by the caller; null when there is none.</summary>
    public static PreparedSession? Take(IBuildEngine4 engine, DevLoopSettings settings)
    {
        if (engine.UnregisterTaskObject(KeyOf(settings), RegisteredTaskObjectLifetime.Build) is not PreparedSession prepared)
        {
            return null;
        }

        if (prepared.Settings.SameTargetAs(settings))
        {
            return prepared;
        }

        prepared.Dispose();
        return null;
    }

    private static string KeyOf(DevLoopSettings settings) => "DevLoop.PreparedSession|" + Path.GetFullPath(settings.OutputDir);
}
