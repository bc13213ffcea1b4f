using DevLoop.Core.Channels;

namespace DevLoop.Cli.Commands;

/// <summary>What watch does after a save went to hot reload.</summary>
internal sealed record HotReloadStep(HotReloadNext Next, string? Reason, IReadOnlyList<SyncTarget> ToRestart)
{
    public static readonly HotReloadStep Applied = new(HotReloadNext.FilesFollow, null, Array.Empty<SyncTarget>());

    public static readonly HotReloadStep FilesOnly = new(HotReloadNext.FilesFollow, null, Array.Empty<SyncTarget>());

    public static readonly HotReloadStep KeepRunning = new(HotReloadNext.Nothing, null, Array.Empty<SyncTarget>());

    public static HotReloadStep Restart(string reason) => new(HotReloadNext.RestartAll, reason, Array.Empty<SyncTarget>());

    public static HotReloadStep RestartSome(IReadOnlyList<SyncTarget> targets) => new(HotReloadNext.RestartSome, null, targets);
}

internal enum HotReloadNext
{
    /// <summary>Compile errors: the apps keep what they run.</summary>
    Nothing,

    /// <summary>The apps run the edit: build, and sync the files without a restart.</summary>
    FilesFollow,

    /// <summary>Build, sync and restart every target.</summary>
    RestartAll,

    /// <summary>Build; restart the targets that did not take the delta, and sync the files of the others.</summary>
    RestartSome,
}
