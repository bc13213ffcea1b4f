using DevLoop.Core.Logging;
using DevLoop.Kubernetes.Api;
using DevLoop.Kubernetes.Target;
using DevLoop.Targets.Status;

namespace DevLoop.Targets.Kubernetes;

/// <summary>
/// Every pod of the scope, as the cluster and the pods themselves tell it: readiness from the API,
/// what each runs from the agent in it (the pod's annotations when it cannot be asked), and the
/// GitOps owner of the workload.
/// </summary>
internal sealed class KubernetesStatus
{
    private readonly KubernetesTarget _target;
    private readonly IDevLoopLog _log;

    public KubernetesStatus(KubernetesTarget target, IDevLoopLog log)
    {
        _target = target;
        _log = log;
    }

    public async Task<IReadOnlyList<TargetStatus>> ReadAsync(CancellationToken cancellationToken)
    {
        var scope = _target.Scope;
        var pods = (await _target.Connection.Api.ListPodsAsync(scope.Namespace, scope.Selector, cancellationToken).ConfigureAwait(false)).Items
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        if (pods.Count == 0)
        {
            return new[] { new TargetStatus { Target = $"pods {scope.GroupName}", State = "no pods", Ready = false } };
        }

        var (_, owner) = await GitOpsDetector.FindAsync(_target.Connection, scope, pods[0], _log, cancellationToken).ConfigureAwait(false);
        var gitOps = owner is null ? null : $"{owner.Tool} ({owner.Application})";
        var rows = await Task.WhenAll(pods.Select(p => ReadPodAsync(p, cancellationToken))).ConfigureAwait(false);
        return rows.Select(r => r with { GitOps = gitOps }).ToList();
    }

    private async Task<TargetStatus> ReadPodAsync(Pod pod, CancellationToken cancellationToken)
    {
        var name = $"pod/{pod.Name}";
        if (!_target.TryContainerFor(pod, out var container))
        {
            return FromAnnotations(pod, name, "the pod has no container DevLoop syncs into (DevLoopContainer)");
        }

        var running = pod.ContainerStatusOf(container)?.State?.Running is not null && pod.Metadata.DeletionTimestamp is null;
        if (!running)
        {
            return FromAnnotations(pod, name, $"container '{container}' is not running, so DevLoop cannot ask it; this is what the pod's annotations say");
        }

        var state = await AgentState.ReadAsync(_target.TargetFor(pod), cancellationToken).ConfigureAwait(false);
        if (state.Differs is null)
        {
            return FromAnnotations(pod, name, state.Note + "; this is what the pod's annotations say");
        }

        var row = state.Row(name, pod.Condition, pod.IsReady);
        return !state.Differs.Value && PodMarks.IsMarked(pod)
            ? row with { Note = "the pod's annotations say DevLoop changed it, but its container runs the image's files again (it restarted since); reset replaces the pod all the same" }
            : row;
    }

    private static TargetStatus FromAnnotations(Pod pod, string name, string note)
    {
        var annotations = pod.Metadata.Annotations;
        var marked = PodMarks.IsMarked(pod);
        return new TargetStatus
        {
            Target = name,
            State = pod.Condition,
            Ready = pod.IsReady,
            DiffersFromImage = marked ? true : null,
            Commit = marked ? annotations!.GetValueOrDefault(PodMarks.Commit) : null,
            SyncedAt = marked ? annotations!.GetValueOrDefault(PodMarks.SyncedAt) : null,
            Note = note,
        };
    }
}
