using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// The server's one node: admits pods (names, defaults, a loopback port each), runs them as Docker
/// containers, and deletes them gracefully (Ready false, SIGTERM, grace, removal) before they leave
/// the store. Disposing removes every container and folder it made.
/// </summary>
public sealed class Kubelet : IAsyncDisposable
{
    public const string NodeName = "devloop-test-node";

    private readonly PodStore _pods;
    private readonly PortAllocator _ports = new();
    private readonly ConcurrentDictionary<(string Ns, string Name), PodRuntime> _runtimes = new();
    private readonly ConcurrentDictionary<Task, bool> _terminations = new();
    private readonly string _volumeRoot;
    private volatile bool _disposed;

    public Kubelet(PodStore pods, string serverId)
    {
        _pods = pods;
        ServerId = serverId;
        _volumeRoot = Path.Combine(Path.GetTempPath(), "kts-" + serverId);
    }

    /// <summary>In container names (kts-ID-...) and the test.devloop/server label, so parallel servers never touch each other's containers.</summary>
    public string ServerId { get; }

    /// <summary>The longest a deleted pod's containers get to stop; real pods default to 30 s, which tests cannot wait for.</summary>
    public TimeSpan MaxGracePeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Admits and starts a pod; returns it as stored (Pending).</summary>
    public JsonObject Create(string ns, JsonObject pod)
    {
        if (_disposed)
        {
            throw new ApiException(System.Net.HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "the test server is shutting down");
        }

        PodAdmission.Admit(ns, pod);
        var port = _ports.Take();
        pod.Metadata().Child("annotations")[PodStore.PortAnnotation] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        pod.Child("spec")["nodeName"] = NodeName;
        var stored = _pods.Create(pod);
        if (stored is null)
        {
            _ports.Release(port);
            throw ApiException.AlreadyExists(ResourceType.Pods, pod.Metadata().Str("name")!);
        }

        var runtime = new PodRuntime(_pods, stored, port, ServerId, _volumeRoot);
        _runtimes[(ns, stored.Metadata().Str("name")!)] = runtime;
        runtime.Start();
        return stored;
    }

    /// <summary>
    /// Deletes a pod as the API does: a pod the kubelet runs is marked terminating and answered at
    /// once, then stopped and removed in the background; a grace period of 0 removes it from the
    /// API at once. Returns the object as the DELETE response carries it.
    /// </summary>
    public JsonObject Delete(string ns, string name, long? gracePeriodSeconds)
    {
        var pod = _pods.Get(ns, name) ?? throw ApiException.NotFound(ResourceType.Pods, name);
        if (pod.Path("metadata.deletionTimestamp") is not null)
        {
            return pod;
        }

        var grace = Math.Max(0, gracePeriodSeconds ?? pod.Path("spec").Int("terminationGracePeriodSeconds") ?? 30);
        if (!_runtimes.TryGetValue((ns, name), out var runtime) || runtime.Uid != pod.Metadata().Str("uid"))
        {
            return _pods.Remove(ns, name) ?? throw ApiException.NotFound(ResourceType.Pods, name);
        }

        JsonObject answer;
        if (grace == 0)
        {
            PodRuntime.MarkTerminating(pod, 0);
            answer = pod;
            _pods.Remove(ns, name);
        }
        else
        {
            answer = runtime.BeginTermination(grace) ?? throw ApiException.NotFound(ResourceType.Pods, name);
        }

        var stop = TimeSpan.FromSeconds(Math.Min(grace, MaxGracePeriod.TotalSeconds));
        Track(FinishAsync(ns, name, runtime, stop));
        return answer;
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await Task.WhenAll(_runtimes.Values.Select(r => r.StopRunnersAsync()));
        await Task.WhenAll(_terminations.Keys);
        var ids = (await DockerCli.RunAsync(CancellationToken.None, "ps", "-aq", "--filter", $"label={ContainerLaunch.ServerLabel}={ServerId}")).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length > 0)
        {
            (await DockerCli.RunAsync(new[] { "rm", "-f" }.Concat(ids), CancellationToken.None)).ThrowIfFailed("removing the test server's containers");
        }

        if (Directory.Exists(_volumeRoot))
        {
            Directory.Delete(_volumeRoot, recursive: true);
        }
    }

    private async Task FinishAsync(string ns, string name, PodRuntime runtime, TimeSpan grace)
    {
        await runtime.TerminateAsync(grace);
        if (_pods.Get(ns, name) is { } pod && pod.Metadata().Str("uid") == runtime.Uid)
        {
            _pods.Remove(ns, name);
        }

        _runtimes.TryRemove(KeyValuePair.Create((ns, name), runtime));
        _ports.Release(runtime.Port);
    }

    private void Track(Task termination)
    {
        _terminations[termination] = true;
        _ = termination.ContinueWith(
            t =>
            {
                if (t.IsFaulted)
                {
                    Console.Error.WriteLine($"[kube-test-server] deleting a pod failed: {t.Exception}");
                }
                else
                {
                    _terminations.TryRemove(t, out _);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
