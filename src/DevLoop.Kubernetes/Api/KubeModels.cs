namespace DevLoop.Kubernetes.Api;

// The parts of the core/v1 and apps/v1 objects DevLoop reads. Unknown fields are ignored.
public sealed record ObjectMeta(
    string? Name = null,
    string? Namespace = null,
    string? Uid = null,
    string? ResourceVersion = null,
    Dictionary<string, string>? Labels = null,
    Dictionary<string, string>? Annotations = null,
    List<OwnerReference>? OwnerReferences = null,
    string? DeletionTimestamp = null);

public sealed record OwnerReference(string Kind, string Name, string? ApiVersion = null, string? Uid = null, bool? Controller = null);

public sealed record ListMeta(string? ResourceVersion = null);

public sealed record ContainerPortSpec(int ContainerPort, string? Name = null, string? Protocol = null);

public sealed record Container(string Name, string? Image = null, List<ContainerPortSpec>? Ports = null);

public sealed record PodSpec(List<Container>? Containers = null);

public sealed record PodCondition(string Type, string Status, string? Reason = null, string? Message = null);

public sealed record ContainerStateWaiting(string? Reason = null, string? Message = null);

public sealed record ContainerStateRunning(string? StartedAt = null);

public sealed record ContainerStateTerminated(int ExitCode = 0, string? Reason = null);

public sealed record ContainerState(ContainerStateWaiting? Waiting = null, ContainerStateRunning? Running = null, ContainerStateTerminated? Terminated = null);

public sealed record ContainerStatus(string Name, bool Ready = false, int RestartCount = 0, string? ContainerID = null, ContainerState? State = null);

public sealed record PodStatus(string? Phase = null, List<PodCondition>? Conditions = null, List<ContainerStatus>? ContainerStatuses = null);

public sealed record Pod(ObjectMeta Metadata, PodSpec? Spec = null, PodStatus? Status = null)
{
    public string Name => Metadata.Name ?? string.Empty;

    /// <summary>Readiness is the Ready condition, not the phase.</summary>
    public bool IsReady => Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true && Metadata.DeletionTimestamp is null;

    public ContainerStatus? ContainerStatusOf(string container) => Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == container);

    /// <summary>What the pod is doing, in the words kubectl get pods uses: a waiting reason (CrashLoopBackOff), Terminating, or the phase.</summary>
    public string Condition =>
        Metadata.DeletionTimestamp is not null ? "Terminating"
        : Status?.ContainerStatuses?.Select(c => c.State?.Waiting?.Reason ?? c.State?.Terminated?.Reason).FirstOrDefault(r => r is not null)
          ?? (IsReady ? "Ready" : Status?.Phase is "Running" ? "Running, not ready" : Status?.Phase ?? "Pending");
}

public sealed record PodList(ListMeta Metadata, List<Pod> Items);

public sealed record LabelSelectorRequirement(string Key, string Operator, List<string>? Values = null);

public sealed record LabelSelector(Dictionary<string, string>? MatchLabels = null, List<LabelSelectorRequirement>? MatchExpressions = null);

public sealed record WorkloadSpec(LabelSelector? Selector = null, int? Replicas = null);

/// <summary>A Deployment, StatefulSet, DaemonSet or ReplicaSet: DevLoop reads its selector and who manages it.</summary>
public sealed record Workload(ObjectMeta Metadata, WorkloadSpec? Spec = null, string? Kind = null);

public sealed record StatusCause(string? Reason = null, string? Message = null, string? Field = null);

public sealed record StatusDetails(string? Name = null, string? Kind = null, List<StatusCause>? Causes = null);

/// <summary>meta/v1 Status: the body of every API error.</summary>
public sealed record KubeStatus(string? Status = null, string? Message = null, string? Reason = null, int Code = 0, StatusDetails? Details = null);
