using System.Text;
using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>A few lines per pod for a failed wait: phase, readiness, container states and the tail of the container's log.</summary>
public static class PodReport
{
    public static async Task<string> DescribeAsync(IEnumerable<JsonObject> pods)
    {
        var report = new StringBuilder();
        foreach (var pod in pods)
        {
            report.Append($"  {pod.Path("metadata").Str("name")}: phase {pod.Path("status").Str("phase")}, ready {PodStore.IsReady(pod)}{(pod.Path("metadata.deletionTimestamp") is null ? string.Empty : ", terminating")}\n");
            foreach (var container in pod.Path("status").Items("containerStatuses"))
            {
                report.Append($"    {container.Str("name")}: {container["state"]?.ToJsonString()}, restarts {container.Int("restartCount")}, last {container["lastState"]?.ToJsonString()}\n");
            }

            if (PodStore.ContainerId(pod, null) is { } id)
            {
                var logs = await DockerCli.RunAsync(CancellationToken.None, "logs", "--tail", "20", id);
                report.Append("    log tail:\n").Append(string.Join('\n', logs.Output.Split('\n').Select(l => "      " + l))).Append('\n');
            }
        }

        return report.Length == 0 ? "  (none)" : report.ToString();
    }
}
