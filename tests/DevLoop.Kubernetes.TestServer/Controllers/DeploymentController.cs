using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// The deployment and replicaset controllers and the garbage collector, folded into one level-triggered
/// loop: on any change, each Deployment gets a ReplicaSet for its current template
/// (&lt;deploy&gt;-&lt;pod-template-hash&gt;) with spec.replicas pods (&lt;rs&gt;-&lt;5 chars&gt;); pods that are
/// terminating do not count, so a deleted pod is replaced at once. A template change replaces every
/// pod (no surge or rolling). Owners that are gone take their ReplicaSets and pods with them.
/// </summary>
public sealed class DeploymentController : IAsyncDisposable
{
    public const string HashLabel = "pod-template-hash";

    private readonly ObjectStore _deployments;
    private readonly ObjectStore _replicaSets;
    private readonly PodStore _pods;
    private readonly Kubelet _kubelet;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public DeploymentController(ObjectStore deployments, ObjectStore replicaSets, PodStore pods, Kubelet kubelet)
    {
        _deployments = deployments;
        _replicaSets = replicaSets;
        _pods = pods;
        _kubelet = kubelet;
    }

    public void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    public JsonObject Create(string ns, JsonObject deployment)
    {
        DeploymentAdmission.Admit(ns, deployment);
        return _deployments.Create(deployment) ?? throw ApiException.AlreadyExists(ResourceType.Deployments, deployment.Metadata().Str("name")!);
    }

    /// <summary>Removes the Deployment at once; the loop then deletes its ReplicaSets and their pods (background propagation).</summary>
    public JsonObject Delete(string ns, string name) =>
        _deployments.Remove(ns, name) ?? throw ApiException.NotFound(ResourceType.Deployments, name);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = Task.WhenAny(_pods.Events.Changed, _deployments.Events.Changed, _replicaSets.Events.Changed);
            try
            {
                Reconcile();
            }
            catch (Exception e) when (e is ApiException or InvalidOperationException)
            {
                Console.Error.WriteLine($"[kube-test-server] deployment controller: {e}");
                await Task.Delay(500, cancellationToken);
            }

            await Task.WhenAny(changed, Task.Delay(Timeout.Infinite, cancellationToken));
        }
    }

    private void Reconcile()
    {
        CollectGarbage();
        var replicaSets = _replicaSets.List();
        var pods = _pods.List();
        foreach (var deployment in _deployments.List())
        {
            Reconcile(deployment, replicaSets.Where(rs => OwnedBy(rs, deployment)).ToList(), pods);
        }
    }

    /// <summary>ReplicaSets whose Deployment is gone, then pods whose ReplicaSet is gone.</summary>
    private void CollectGarbage()
    {
        var deploymentUids = _deployments.List().Select(Uid).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in _replicaSets.List().Where(rs => Owner(rs) is { } owner && !deploymentUids.Contains(owner)))
        {
            _replicaSets.Remove(Namespace(orphan), Name(orphan));
        }

        var replicaSetUids = _replicaSets.List().Select(Uid).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in _pods.List().Where(p => Owner(p) is { } owner && !replicaSetUids.Contains(owner) && !Terminating(p)))
        {
            DeletePod(orphan);
        }
    }

    private void Reconcile(JsonObject deployment, List<JsonObject> owned, IReadOnlyList<JsonObject> pods)
    {
        var template = deployment.Path("spec.template") as JsonObject ?? new JsonObject();
        var hash = TemplateHash.Of(template);
        var replicas = (int)(deployment.Path("spec").Int("replicas") ?? 1);
        var current = owned.FirstOrDefault(rs => rs.Path("metadata.labels").Str(HashLabel) == hash)
            ?? _replicaSets.Create(ReplicaSets.For(deployment, template, hash, replicas))
            ?? throw new InvalidOperationException($"ReplicaSet for {Name(deployment)} exists but is not owned by it");
        foreach (var old in owned.Where(rs => Uid(rs) != Uid(current)))
        {
            foreach (var pod in pods.Where(p => Owner(p) == Uid(old) && !Terminating(p)))
            {
                DeletePod(pod);
            }

            _replicaSets.Remove(Namespace(old), Name(old));
        }

        var mine = pods.Where(p => Owner(p) == Uid(current) && !Terminating(p)).OrderBy(p => p.Path("metadata").Str("creationTimestamp"), StringComparer.Ordinal).ToList();
        for (var i = mine.Count; i < replicas; i++)
        {
            _kubelet.Create(Namespace(deployment), ReplicaSets.NewPod(current));
        }

        foreach (var surplus in mine.Skip(replicas).Reverse())
        {
            DeletePod(surplus);
        }

        var live = mine.Take(replicas).ToList();
        var ready = live.Count(PodStore.IsReady);
        _replicaSets.Update(Namespace(current), Name(current), rs =>
        {
            rs.Child("spec")["replicas"] = replicas;
            rs["status"] = new JsonObject { ["replicas"] = live.Count, ["fullyLabeledReplicas"] = live.Count, ["readyReplicas"] = ready, ["availableReplicas"] = ready, ["observedGeneration"] = rs.Path("metadata").Int("generation") ?? 1 };
        });
        _deployments.Update(Namespace(deployment), Name(deployment), d =>
        {
            d.Metadata().Child("annotations")["deployment.kubernetes.io/revision"] ??= "1";
            d["status"] = DeploymentStatus.Compute(d, Name(current), live.Count, ready);
        });
    }

    private void DeletePod(JsonObject pod)
    {
        try
        {
            _kubelet.Delete(Namespace(pod), Name(pod), null);
        }
        catch (ApiException e) when (e.Code == System.Net.HttpStatusCode.NotFound)
        {
            // Already gone: another deletion got there first, which is the outcome wanted.
        }
    }

    private static bool Terminating(JsonObject obj) => obj.Path("metadata.deletionTimestamp") is not null;

    private static bool OwnedBy(JsonObject obj, JsonObject owner) => Owner(obj) == Uid(owner);

    /// <summary>The uid of the controller owner, if any.</summary>
    private static string? Owner(JsonObject obj) =>
        obj.Path("metadata").Items("ownerReferences").FirstOrDefault(o => o.Bool("controller")).Str("uid");

    private static string Uid(JsonObject obj) => obj.Path("metadata").Str("uid")!;

    private static string Name(JsonObject obj) => obj.Path("metadata").Str("name")!;

    private static string Namespace(JsonObject obj) => obj.Path("metadata").Str("namespace")!;
}
