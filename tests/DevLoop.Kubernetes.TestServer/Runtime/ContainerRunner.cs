using System.Globalization;
using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// One container of a pod, run like a kubelet runs it: start from the image (never pulled), watch
/// it, probe readiness, and when it exits start a fresh container from the image, as a Kubernetes
/// restart does (the writable layer is lost), counting restarts. The container before the last
/// restart is kept until the next one, for logs?previous=true.
/// </summary>
public sealed class ContainerRunner
{
    private static readonly TimeSpan ImageRetry = TimeSpan.FromSeconds(2);

    private readonly JsonObject _pod;
    private readonly JsonObject _spec;
    private readonly int _port;
    private readonly string _serverId;
    private readonly IReadOnlyDictionary<string, string> _volumeDirs;
    private readonly Action _changed;
    private readonly object _gate = new();
    private ContainerState _state;

    public ContainerRunner(JsonObject pod, JsonObject spec, int port, string serverId, IReadOnlyDictionary<string, string> volumeDirs, Action changed)
    {
        _pod = pod;
        _spec = spec;
        _port = port;
        _serverId = serverId;
        _volumeDirs = volumeDirs;
        _changed = changed;
        _state = new ContainerState { Name = spec.Str("name")!, Image = spec.Str("image")! };
    }

    public ContainerState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Runs until the container is done for good (restartPolicy) or <paramref name="stop"/> is cancelled (the pod is being deleted).</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var policy = _pod.Path("spec").Str("restartPolicy") ?? "Always";
        for (var attempt = 0; ; attempt++)
        {
            var imageId = await ImageIdAsync(stop);
            if (imageId is null)
            {
                Set(s => s with { WaitingReason = "ErrImageNeverPull", WaitingMessage = $"Container image \"{s.Image}\" is not present with pull policy of Never" });
                await Task.Delay(ImageRetry, stop);
                attempt--;
                continue;
            }

            var (exitCode, reason, message, startedAt) = await RunOnceAsync(imageId, attempt, stop);
            var finishedAt = DateTimeOffset.UtcNow;
            var again = policy == "Always" || (policy == "OnFailure" && exitCode != 0);
            var terminated = ContainerState.TerminatedJson(exitCode, reason, message, startedAt, finishedAt, State.ContainerId);
            if (State.LastTerminated.Str("containerID") is { } superseded)
            {
                await DockerCli.RunAsync(CancellationToken.None, "rm", "-f", superseded["docker://".Length..]);
            }

            Set(s => again
                ? s with { Running = false, Ready = false, LastTerminated = terminated, RestartCount = s.RestartCount + 1, WaitingReason = "CrashLoopBackOff", WaitingMessage = $"back-off restarting failed container {s.Name} in pod {_pod.Metadata().Str("name")}" }
                : s with { Running = false, Ready = false, Terminated = terminated });
            if (!again)
            {
                return;
            }

            // A kubelet backs off 10 s, 20 s, ... up to 5 min; tests cannot wait that long.
            var ran = startedAt is null ? TimeSpan.Zero : finishedAt - startedAt.Value;
            await Task.Delay(ran > TimeSpan.FromSeconds(10) ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromMilliseconds(Math.Min(250 * Math.Pow(2, Math.Min(attempt, 5)), 5000)), stop);
        }
    }

    private async Task<(int ExitCode, string Reason, string? Message, DateTimeOffset? StartedAt)> RunOnceAsync(string imageId, int attempt, CancellationToken stop)
    {
        var dockerName = $"kts-{_serverId}-{_pod.Metadata().Str("name")}-{_pod.Metadata().Str("uid")![..5]}-{_state.Name}-{attempt.ToString(CultureInfo.InvariantCulture)}";
        var arguments = ContainerLaunch.RunArguments(dockerName, _serverId, _pod, _spec, _port, _volumeDirs);
        // Not cancellable: a docker run cut short could still create a container nobody tracks.
        var run = await DockerCli.RunAsync(arguments, CancellationToken.None);
        var id = run.Stdout.Trim();
        if (!run.Ok)
        {
            // The daemon creates the container before it fails to start it ("executable file not found").
            await DockerCli.RunAsync(CancellationToken.None, "rm", "-f", dockerName);
            Set(s => s with { ImageId = imageId, ContainerId = null });
            return (128, "StartError", run.Output, null);
        }

        var startedAt = DateTimeOffset.UtcNow;
        Set(s => s with { ImageId = imageId, ContainerId = id, StartedAt = startedAt, Running = true, Ready = false, WaitingReason = null, WaitingMessage = null });
        using var probing = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var probe = ProbeAsync(id, probing.Token);
        var wait = await DockerCli.RunAsync(stop, "wait", id);
        await probing.CancelAsync();
        await IgnoreCancellation(probe);
        if (!int.TryParse(wait.Stdout.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var exitCode))
        {
            return (137, "Error", "docker wait: " + wait.Output, startedAt);
        }

        return (exitCode, exitCode == 0 ? "Completed" : "Error", null, startedAt);
    }

    private async Task ProbeAsync(string containerId, CancellationToken cancellationToken)
    {
        var probe = ReadinessProbe.For(_spec, _port);
        if (probe is null)
        {
            Set(s => s with { Ready = true });
            return;
        }

        await Task.Delay(probe.InitialDelay, cancellationToken);
        var failures = 0;
        while (true)
        {
            var ready = State.Ready;
            if (await probe.CheckAsync(containerId, cancellationToken))
            {
                failures = 0;
                Set(s => s with { Ready = true });
            }
            else if (++failures >= probe.FailureThreshold || !ready)
            {
                Set(s => s with { Ready = false });
            }

            await Task.Delay(probe.Interval(State.Ready), cancellationToken);
        }
    }

    private async Task<string?> ImageIdAsync(CancellationToken cancellationToken)
    {
        var inspect = await DockerCli.RunAsync(cancellationToken, "image", "inspect", "--format", "{{.Id}}", _state.Image);
        return inspect.Ok ? inspect.Stdout.Trim() : null;
    }

    private void Set(Func<ContainerState, ContainerState> change)
    {
        bool changed;
        lock (_gate)
        {
            var next = change(_state);
            changed = next != _state;
            _state = next;
        }

        if (changed)
        {
            _changed();
        }
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // The probe loop ends by cancellation when its container stops.
        }
    }
}
