namespace DevLoop.Targets.Status;

/// <summary>One row of `dotnet devloop status`: one pod, container or process, as read from the target itself.</summary>
public sealed record TargetStatus
{
    /// <summary>The project (service) whose target it is; set by the front end.</summary>
    public string? Service { get; init; }

    /// <summary>"pod/web-7d9c-abcde", "container/shop-web-1".</summary>
    public required string Target { get; init; }

    /// <summary>What it is doing, in the transport's words: Ready, CrashLoopBackOff, running, healthy, exited.</summary>
    public required string State { get; init; }

    public bool? Ready { get; init; }

    /// <summary>True when DevLoop's sync changed what it runs; null when DevLoop cannot tell (no agent, not running).</summary>
    public bool? DiffersFromImage { get; init; }

    public string? Commit { get; init; }

    public string? SyncedAt { get; init; }

    public string? SyncedBy { get; init; }

    /// <summary>On Kubernetes, the Argo CD or Flux application that manages the workload.</summary>
    public string? GitOps { get; init; }

    /// <summary>Anything the columns cannot say: why DevLoop cannot tell, an interrupted sync.</summary>
    public string? Note { get; init; }
}
