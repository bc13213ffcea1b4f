using DevLoop.Kubernetes.Api;

namespace DevLoop.Kubernetes.Target;

/// <summary>The pods of a scope at one moment: those ready to take a sync and those that are not (yet).</summary>
public sealed record ReadyPods(IReadOnlyList<Pod> Ready, IReadOnlyList<Pod> NotReady)
{
    public static ReadyPods From(IEnumerable<Pod> pods)
    {
        var live = pods.Where(p => p.Metadata.DeletionTimestamp is null).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        return new ReadyPods(live.Where(p => p.IsReady).ToList(), live.Where(p => !p.IsReady).ToList());
    }

    public static string Describe(IEnumerable<Pod> pods) => string.Join(", ", pods.Select(p => $"{p.Name} ({p.Condition})"));
}
