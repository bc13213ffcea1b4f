using DevLoop.Core.Channels;

namespace DevLoop.Core.HotReload;

/// <summary>What became of a delta in one target.</summary>
public enum DeltaFate
{
    /// <summary>The app runs the new code.</summary>
    Applied,

    /// <summary>The app does not run the module the delta is for: it runs another build.</summary>
    OtherBuild,

    /// <summary>The app cannot take deltas (started without DOTNET_MODIFIABLE_ASSEMBLIES, hot reload off).</summary>
    Refused,

    /// <summary>The runtime refused this delta, or it could not be delivered.</summary>
    Failed,

    /// <summary>No app runs with DevLoop's hook.</summary>
    NoApp,
}

/// <param name="Why">For all but Applied: why, in the runtime's or the agent's words.</param>
public sealed record DeltaOutcome(SyncTarget Target, DeltaFate Fate, string? Why)
{
    /// <summary>With <see cref="DeltaFate.OtherBuild"/>: the MVID of the module the app runs, and how many deltas it took.</summary>
    public (Guid Module, int Updates)? Running { get; init; }
}
