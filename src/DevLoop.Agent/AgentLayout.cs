namespace DevLoop.Agent;

/// <summary>
/// Where the agent keeps its state for one app folder. The applier (run through exec) and the
/// startup hook (inside the app) compute the same places from the same app folder and environment.
/// </summary>
internal sealed class AgentLayout
{
    public const string StateDirVariable = "DEVLOOP_STATE_DIR";

    private AgentLayout(string appDir, string stateDir)
    {
        AppDir = appDir;
        StateDir = stateDir;
    }

    /// <summary>The folder the image put the app in (/app), never the shadow copy.</summary>
    public string AppDir { get; }

    public string StateDir { get; }

    public string ShadowDir => Path.Combine(StateDir, "app");

    public string ShadowSeededMarker => Path.Combine(StateDir, "app.seeded");

    public string SocketPath => Path.Combine(StateDir, "agent.sock");

    public string LockFile => Path.Combine(StateDir, "apply.lock");

    public static string Normalize(string dir) => Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar) is { Length: > 0 } d ? d : "/";

    /// <summary>The first usable state folder, creating it; null when nothing is writable.</summary>
    public static AgentLayout? TryCreate(string appDir)
    {
        appDir = Normalize(appDir);
        foreach (var candidate in Candidates(appDir))
        {
            if (WritableDirectory.TryEnsure(candidate, privateToUser: true))
            {
                return new AgentLayout(appDir, candidate);
            }
        }

        return null;
    }

    public static IEnumerable<string> Candidates(string appDir)
    {
        var configured = Environment.GetEnvironmentVariable(StateDirVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            // Absolute, so the hook (whose working folder may differ) is asked to restart from a full path.
            yield return Path.Combine(Path.GetFullPath(configured), Hashing.ShortHash(appDir));
            yield break;
        }

        yield return Path.Combine(Path.GetTempPath(), "devloop", Hashing.ShortHash(appDir));
        yield return Path.Combine(appDir, ".devloop", "state");
    }

}
