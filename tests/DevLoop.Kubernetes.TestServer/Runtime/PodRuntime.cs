using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// One pod on the server's node: a <see cref="ContainerRunner"/> per container, emptyDir volumes as
/// host folders that outlive container restarts, and the pod's status kept current in the store.
/// </summary>
public sealed class PodRuntime
{
    private readonly PodStore _pods;
    private readonly string _ns;
    private readonly string _name;
    private readonly string _serverId;
    private readonly string _volumeRoot;
    private readonly List<ContainerRunner> _runners = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly object _publishGate = new();
    private Task _running = Task.CompletedTask;
    private volatile bool _terminating;

    public PodRuntime(PodStore pods, JsonObject pod, int port, string serverId, string volumeRoot)
    {
        _pods = pods;
        _ns = pod.Metadata().Str("namespace")!;
        _name = pod.Metadata().Str("name")!;
        Uid = pod.Metadata().Str("uid")!;
        Port = port;
        _serverId = serverId;
        _volumeRoot = Path.Combine(volumeRoot, Uid);
        var volumeDirs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var volume in pod.Path("spec").Items("volumes"))
        {
            var dir = Path.Combine(_volumeRoot, volume.Str("name")!);
            Directory.CreateDirectory(dir);
            // emptyDir is world-writable on a node, so a non-root app user can write to it.
            File.SetUnixFileMode(dir, (UnixFileMode)0x1FF);
            volumeDirs[volume.Str("name")!] = dir;
        }

        foreach (var container in pod.Path("spec").Items("containers"))
        {
            _runners.Add(new ContainerRunner(pod, container, port, serverId, volumeDirs, Publish));
        }
    }

    public string Uid { get; }

    public int Port { get; }

    public void Start() =>
        _running = Task.WhenAll(_runners.Select(r => Task.Run(() => RunAsync(r))));

    /// <summary>
    /// Stops the pod as a kubelet does on deletion: every container gets SIGTERM and <paramref name="grace"/>
    /// to exit, then is killed and removed, with the pod's volumes.
    /// </summary>
    public async Task TerminateAsync(TimeSpan grace)
    {
        await StopRunnersAsync();
        var ids = (await DockerCli.RunAsync(CancellationToken.None, "ps", "-aq", "--filter", "label=test.devloop/pod-uid=" + Uid)).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length > 0)
        {
            await DockerCli.RunAsync(new[] { "stop", "-t", ((int)Math.Ceiling(grace.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(ids), CancellationToken.None);
            await DockerCli.RunAsync(new[] { "rm", "-f" }.Concat(ids), CancellationToken.None);
        }

        if (Directory.Exists(_volumeRoot))
        {
            Directory.Delete(_volumeRoot, recursive: true);
        }
    }

    /// <summary>Stops restarting and probing; the containers are left as they are.</summary>
    public async Task StopRunnersAsync()
    {
        _terminating = true;
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Runners end by cancellation.
        }
    }

    /// <summary>Marks the pod terminating: deletionTimestamp set, not ready. Its containers keep running until <see cref="TerminateAsync"/>.</summary>
    public JsonObject? BeginTermination(long graceSeconds)
    {
        _terminating = true;
        return _pods.Update(_ns, _name, pod =>
        {
            MarkTerminating(pod, graceSeconds);
            Write(pod);
        });
    }

    public static void MarkTerminating(JsonObject pod, long graceSeconds)
    {
        var metadata = pod.Metadata();
        if (metadata["deletionTimestamp"] is null)
        {
            metadata["deletionTimestamp"] = Json.Time(DateTimeOffset.UtcNow.AddSeconds(graceSeconds));
            metadata["deletionGracePeriodSeconds"] = graceSeconds;
        }
    }

    private async Task RunAsync(ContainerRunner runner)
    {
        try
        {
            await runner.RunAsync(_stop.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A kubelet bug must show in the test output at once, not only when the pod is deleted.
            Console.Error.WriteLine($"[kube-test-server] pod {_ns}/{_name} container {runner.State.Name}: {e}");
            throw;
        }
    }

    private void Publish()
    {
        if (_terminating)
        {
            return;
        }

        lock (_publishGate)
        {
            _pods.Update(_ns, _name, Write);
        }
    }

    private void Write(JsonObject pod)
    {
        var states = _runners.Select(r => r.State).ToList();
        var status = pod.Child("status");
        var ready = !_terminating && states.All(s => s.Ready);
        status["phase"] = Phase(states);
        status["conditions"] = PodConditions.Update(status["conditions"] as JsonArray, ready, states.All(s => s.Ready));
        status["hostIP"] = "127.0.0.1";
        status["podIP"] = "127.0.0.1";
        status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = "127.0.0.1" });
        status["startTime"] ??= Json.Now();
        status["qosClass"] = "BestEffort";
        // A terminating pod's containers stop counting as ready at once, as the kubelet reports them.
        status["containerStatuses"] = new JsonArray(states.Select(s => (JsonNode)(_terminating ? s with { Ready = false } : s).ToJson()).ToArray());
    }

    private static string Phase(IReadOnlyList<ContainerState> states)
    {
        if (states.Any(s => !s.EverStarted))
        {
            return "Pending";
        }

        if (states.All(s => s.Terminated is not null))
        {
            return states.All(s => s.Terminated.Int("exitCode") == 0) ? "Succeeded" : "Failed";
        }

        return "Running";
    }
}
