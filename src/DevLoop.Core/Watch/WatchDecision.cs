namespace DevLoop.Core.Watch;

/// <summary>What watch does about one file event.</summary>
[Flags]
public enum WatchDecision
{
    Ignore = 0,

    /// <summary>The path is watched: build.</summary>
    Build = 1,

    /// <summary>The list of watched files may have changed: read it again from the project.</summary>
    Reevaluate = 2,
}
