using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>What a container is doing, as a pod's containerStatuses entry reports it.</summary>
public sealed record ContainerState
{
    public required string Name { get; init; }

    public required string Image { get; init; }

    public string? ImageId { get; init; }

    /// <summary>The Docker container of the current (or last, while waiting to restart) run.</summary>
    public string? ContainerId { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public bool Running { get; init; }

    public bool Ready { get; init; }

    public int RestartCount { get; init; }

    /// <summary>Why the container is waiting (ContainerCreating, ErrImageNeverPull, CrashLoopBackOff); null when running or terminated.</summary>
    public string? WaitingReason { get; init; }

    public string? WaitingMessage { get; init; }

    /// <summary>Set when the container has stopped for good (restartPolicy allowed no restart).</summary>
    public JsonObject? Terminated { get; init; }

    /// <summary>The run before the last restart; its container is kept until the next one, for logs?previous=true.</summary>
    public JsonObject? LastTerminated { get; init; }

    /// <summary>True once the container has started at least once.</summary>
    public bool EverStarted => StartedAt is not null || LastTerminated is not null;

    public JsonObject ToJson()
    {
        var state = Running
            ? new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Json.Time(StartedAt!.Value) } }
            : Terminated is not null
                ? new JsonObject { ["terminated"] = Terminated.DeepClone() }
                : new JsonObject { ["waiting"] = Waiting() };
        var status = new JsonObject
        {
            ["name"] = Name,
            ["image"] = Image,
            ["imageID"] = ImageId is null ? string.Empty : "docker://" + ImageId,
            ["ready"] = Ready,
            ["started"] = Running,
            ["restartCount"] = RestartCount,
            ["state"] = state,
            ["lastState"] = LastTerminated is null ? new JsonObject() : new JsonObject { ["terminated"] = LastTerminated.DeepClone() },
        };
        if (ContainerId is not null)
        {
            status["containerID"] = "docker://" + ContainerId;
        }

        return status;
    }

    private JsonObject Waiting()
    {
        var waiting = new JsonObject { ["reason"] = WaitingReason ?? "ContainerCreating" };
        if (WaitingMessage is not null)
        {
            waiting["message"] = WaitingMessage;
        }

        return waiting;
    }

    public static JsonObject TerminatedJson(int exitCode, string reason, string? message, DateTimeOffset? startedAt, DateTimeOffset finishedAt, string? containerId)
    {
        var terminated = new JsonObject { ["exitCode"] = exitCode, ["reason"] = reason };
        if (message is not null)
        {
            terminated["message"] = message;
        }

        terminated["startedAt"] = startedAt is null ? null : Json.Time(startedAt.Value);
        terminated["finishedAt"] = Json.Time(finishedAt);
        if (containerId is not null)
        {
            terminated["containerID"] = "docker://" + containerId;
        }

        return terminated;
    }
}
