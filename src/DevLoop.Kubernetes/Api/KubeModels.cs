namespace DevLoop.Kubernetes.Api;

// The parts of the core/v1 objects DevLoop reads. Unknown fields are ignored.
public sealed record ObjectMeta(
    string? Name = null,
    string? Namespace = null,
    string? ResourceVersion = null,
    Dictionary<string, string>? Labels = null,
    Dictionary<string, string>? Annotations = null,
    string? DeletionTimestamp = null);

public sealed record ListMeta(string? ResourceVersion = null);

public sealed record Container(string Name, string? Image = null);

public sealed record PodSpec(List<Container>? Containers = null);

public sealed record PodCondition(string Type, string Status);

public sealed record ContainerStatus(string Name, bool Ready = false, int RestartCount = 0, string? ContainerID = null);

public sealed record PodStatus(string? Phase = null, List<PodCondition>? Conditions = null, List<ContainerStatus>? ContainerStatuses = null);

public sealed record Pod(ObjectMeta Metadata, PodSpec? Spec = null, PodStatus? Status = null)
{
    /// <summary>Readiness is the Ready condition, not the phase.</summary>
    public bool IsReady => Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true && Metadata.DeletionTimestamp is null;
}

public sealed record PodList(ListMeta Metadata, List<Pod> Items);

public sealed record StatusCause(string? Reason = null, string? Message = null, string? Field = null);

public sealed record StatusDetails(string? Name = null, string? Kind = null, List<StatusCause>? Causes = null);

/// <summary>meta/v1 Status: the body of every API error.</summary>
public sealed record KubeStatus(string? Status = null, string? Message = null, string? Reason = null, int Code = 0, StatusDetails? Details = null);
