namespace DevLoop.Core.Channels;

/// <summary>
/// The one thing a transport must offer the engine: run a command in the target, with a stream on
/// its stdin, and hand back its output and exit code. No shell is implied.
/// </summary>
public interface ITargetChannel
{
    /// <summary>For messages, e.g. "container 'web' (3f2a9c1b0d4e)".</summary>
    string DisplayName { get; }

    /// <summary>Stable while the target keeps its file system (a container id, a sandbox path).</summary>
    string Identity { get; }

    Task<ExecResult> ExecAsync(IReadOnlyList<string> argv, Stream? stdin, CancellationToken cancellationToken);

    /// <summary>Whether a directory exists in the target, asked without needing a shell there.</summary>
    Task<bool> DirectoryExistsAsync(string path, CancellationToken cancellationToken);
}
