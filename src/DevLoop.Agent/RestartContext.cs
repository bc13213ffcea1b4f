using System.Collections;

namespace DevLoop.Agent;

/// <summary>What the hook must know at start to re-exec the same process later with new files.</summary>
internal sealed class RestartContext
{
    public const string OriginalAppDirVariable = "DEVLOOP_ORIGINAL_APP_DIR";
    public const string RestartCountVariable = "DEVLOOP_RESTART_COUNT";

    /// <summary>Set on the re-exec that resumes from the shadow copy, so it happens once.</summary>
    public const string ResumedVariable = "DEVLOOP_RESUMED";

    private RestartContext(string originalAppDir, string currentRoot, Dictionary<string, string> environment)
    {
        OriginalAppDir = originalAppDir;
        CurrentRoot = currentRoot;
        Environment = environment;
    }

    /// <summary>The folder the image started the app from; survives re-execs into a shadow copy.</summary>
    public string OriginalAppDir { get; }

    /// <summary>The folder this process runs from now.</summary>
    public string CurrentRoot { get; }

    /// <summary>
    /// Taken at start: managed changes never reach the native environment, so it is passed to
    /// execve explicitly.
    /// </summary>
    public Dictionary<string, string> Environment { get; }

    public static RestartContext Capture()
    {
        var currentRoot = AgentLayout.Normalize(AppContext.BaseDirectory);
        var original = System.Environment.GetEnvironmentVariable(OriginalAppDirVariable);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        return new RestartContext(string.IsNullOrEmpty(original) ? currentRoot : original, currentRoot, environment);
    }
}
