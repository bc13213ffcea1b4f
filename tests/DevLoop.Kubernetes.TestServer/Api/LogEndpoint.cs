using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// pods/log: `docker logs` of the pod's current container (or, with previous=true, the one before
/// the last restart), stdout and stderr merged, streamed as text/plain and flushed as it comes. With
/// follow the stream ends when the container stops (a restart or the pod's deletion).
/// </summary>
public static class LogEndpoint
{
    public static async Task HandleAsync(HttpContext context, string ns, string name, PodStore pods)
    {
        var query = context.Request.Query;
        var pod = pods.Get(ns, name) ?? throw ApiException.NotFound(ResourceType.Pods, name);
        var container = ContainerName(pod, query["container"].ToString());
        var status = pod.Path("status").Items("containerStatuses").FirstOrDefault(s => s.Str("name") == container);
        var previous = QueryFlag.IsSet(query, "previous");
        var id = previous ? Strip(status?.Path("lastState.terminated").Str("containerID")) : PodStore.ContainerId(pod, container);
        if (id is null)
        {
            throw ApiException.BadRequest(previous
                ? $"previous terminated container \"{container}\" in pod \"{name}\" not found"
                : $"container \"{container}\" in pod \"{name}\" is waiting to start: {status?.Path("state.waiting").Str("reason") ?? "ContainerCreating"}");
        }

        var arguments = new List<string> { "logs" };
        if (QueryFlag.IsSet(query, "follow") && !previous)
        {
            arguments.Add("--follow");
        }

        if (QueryFlag.IsSet(query, "timestamps"))
        {
            arguments.Add("--timestamps");
        }

        if (Number(query["tailLines"]) is { } tail)
        {
            arguments.AddRange(new[] { "--tail", tail.ToString(CultureInfo.InvariantCulture) });
        }

        if (Number(query["sinceSeconds"]) is { } since)
        {
            arguments.AddRange(new[] { "--since", since.ToString(CultureInfo.InvariantCulture) + "s" });
        }
        else if (query["sinceTime"].ToString() is { Length: > 0 } sinceTime)
        {
            arguments.AddRange(new[] { "--since", sinceTime });
        }

        arguments.Add(id);
        await StreamAsync(context, arguments, Number(query["limitBytes"]));
    }

    private static async Task StreamAsync(HttpContext context, List<string> arguments, long? limitBytes)
    {
        using var process = DockerCli.Start(arguments, redirectStdin: false);
        using var stopped = context.RequestAborted.Register(() => process.Kill(entireProcessTree: true));
        context.Response.ContentType = "text/plain";
        await context.Response.StartAsync(context.RequestAborted);
        var write = new SemaphoreSlim(1, 1);
        var remaining = limitBytes ?? long.MaxValue;
        async Task PumpAsync(Stream source)
        {
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await source.ReadAsync(buffer, CancellationToken.None)) > 0)
            {
                await write.WaitAsync(CancellationToken.None);
                try
                {
                    var count = (int)Math.Min(read, remaining);
                    if (count > 0 && !context.RequestAborted.IsCancellationRequested)
                    {
                        remaining -= count;
                        await context.Response.Body.WriteAsync(buffer.AsMemory(0, count), context.RequestAborted);
                        await context.Response.Body.FlushAsync(context.RequestAborted);
                    }
                }
                finally
                {
                    write.Release();
                }
            }
        }

        await Task.WhenAll(PumpAsync(process.StandardOutput.BaseStream), PumpAsync(process.StandardError.BaseStream));
        await process.WaitForExitAsync(CancellationToken.None);
    }

    /// <summary>The container to read: the one named, the only one, or the default-container annotation's.</summary>
    private static string ContainerName(JsonObject pod, string requested)
    {
        var name = pod.Path("metadata").Str("name");
        var names = pod.Path("spec").Items("containers").Select(c => c.Str("name")!).ToList();
        if (requested.Length > 0)
        {
            return names.Contains(requested) ? requested : throw ApiException.BadRequest($"container {requested} is not valid for pod {name}");
        }

        if (names.Count == 1)
        {
            return names[0];
        }

        return pod.Path("metadata.annotations").Str("kubectl.kubernetes.io/default-container")
            ?? throw ApiException.BadRequest($"a container name must be specified for pod {name}, choose one of: [{string.Join(' ', names)}]");
    }

    private static string? Strip(string? containerId) => containerId?[(containerId.IndexOf("://", StringComparison.Ordinal) + 3)..];

    private static long? Number(Microsoft.Extensions.Primitives.StringValues value) =>
        long.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;
}
