using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Kubernetes.Api;

namespace DevLoop.Kubernetes.Target;

/// <summary>
/// Finds the workload behind the pods (the named one, or pod → ReplicaSet → Deployment through
/// owner references) and warns when Argo CD or Flux manages it.
/// </summary>
public static class GitOpsDetector
{
    public static async Task WarnIfManagedAsync(KubernetesConnection connection, PodScope scope, Pod pod, IDevLoopLog log, CancellationToken cancellationToken)
    {
        var found = await FindAsync(connection, scope, pod, log, cancellationToken).ConfigureAwait(false);
        if (found.Owner is not null)
        {
            log.Warning(ErrorCodes.ManagedByGitOps, found.Owner.Explain(found.Workload));
        }
    }

    /// <summary>The workload behind the pod ("Deployment/web", or "pod/NAME" when none is found) and its GitOps owner, if any.</summary>
    public static async Task<(string Workload, GitOpsOwner? Owner)> FindAsync(KubernetesConnection connection, PodScope scope, Pod pod, IDevLoopLog log, CancellationToken cancellationToken)
    {
        var workload = scope.Workload ?? await OwningWorkloadAsync(connection, scope.Namespace, pod, log, cancellationToken).ConfigureAwait(false);
        var owner = (workload is null ? null : GitOpsOwner.Of(workload.Metadata)) ?? GitOpsOwner.Of(pod.Metadata);
        return (workload is null ? $"pod/{pod.Name}" : $"{workload.Kind}/{workload.Metadata.Name}", owner);
    }

    private static async Task<Workload?> OwningWorkloadAsync(KubernetesConnection connection, string ns, Pod pod, IDevLoopLog log, CancellationToken cancellationToken)
    {
        try
        {
            var owner = pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
            for (var depth = 0; owner is not null && WorkloadKinds.IsKnown(owner.Kind) && depth < 2; depth++)
            {
                var workload = await connection.Api.GetWorkloadAsync(owner.Kind, ns, owner.Name, cancellationToken).ConfigureAwait(false);
                if (workload is null)
                {
                    return null;
                }

                var next = workload.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
                if (next is null || !WorkloadKinds.IsKnown(next.Kind))
                {
                    return workload;
                }

                owner = next;
            }
        }
        catch (DevLoopException e)
        {
            // Reading owners is a courtesy check; a user allowed to exec into pods may not read ReplicaSets.
            log.Detail($"Could not read the workload behind pod '{pod.Name}' to check for Argo CD or Flux: {e.Message}");
        }

        return null;
    }
}
