using DevLoop.Core.Channels;

namespace DevLoop.Targets.Providers;

/// <summary>What a following session reports to its front end (watch).</summary>
public interface ISessionObserver
{
    /// <summary>A line an app wrote; <paramref name="source"/> names the pod, container or app.</summary>
    void AppOutput(string source, string line, bool isError);

    /// <summary>
    /// A target that appeared or was replaced is ready. Returns false when there is nothing to bring
    /// it up to yet (no build synced), so it is offered again later.
    /// </summary>
    Task<bool> TargetReadyAsync(string name, SyncTarget target, CancellationToken cancellationToken);
}
