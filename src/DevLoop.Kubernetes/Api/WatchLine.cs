using System.Text.Json;
using DevLoop.Core.Errors;

namespace DevLoop.Kubernetes.Api;

/// <summary>Parses one line of a watch stream: {"type": T, "object": {...}}.</summary>
internal static class WatchLine
{
    public static PodWatchEvent Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var type = root.GetProperty("type").GetString() ?? string.Empty;
        var item = root.GetProperty("object");
        if (type == "ERROR")
        {
            var status = item.Deserialize(KubeJsonContext.Default.KubeStatus);
            if (status?.Code == 410 || status?.Reason is "Expired" or "Gone")
            {
                throw new WatchExpiredException(status?.Message ?? "too old resource version");
            }

            throw new DevLoop.Core.Errors.DevLoopException(ErrorCodes.ApiRejected, $"The pods watch failed: {status?.Reason} {status?.Message}".TrimEnd());
        }

        var resourceVersion = item.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("resourceVersion", out var rv) ? rv.GetString() : null;
        var pod = type == PodWatchEvent.Bookmark ? null : item.Deserialize(KubeJsonContext.Default.Pod);
        return new PodWatchEvent(type, pod, resourceVersion);
    }
}
