using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>A pods watch: one JSON object per line, flushed as it happens, until the client leaves or the server ends it.</summary>
public static class WatchStream
{
    public static async Task ServeAsync(HttpContext context, string ns, IReadOnlyDictionary<string, string> selector, PodStore pods, bool expireAsHttpStatus)
    {
        var requested = context.Request.Query["resourceVersion"].ToString();
        var bookmarks = context.Request.Query["allowWatchBookmarks"] == "true";
        context.Response.ContentType = "application/json";
        long since;
        if (requested.Length > 0)
        {
            since = long.Parse(requested, CultureInfo.InvariantCulture);
            if (since < pods.Events.OldestRetained)
            {
                var message = $"too old resource version: {since} ({pods.Events.OldestRetained})";
                if (expireAsHttpStatus)
                {
                    await Status.WriteAsync(context, HttpStatusCode.Gone, "Expired", message);
                    return;
                }

                await WriteAsync(context, "ERROR", new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Failure", ["message"] = message, ["reason"] = "Expired", ["code"] = 410 });
                return;
            }
        }
        else
        {
            since = pods.CurrentVersion;
            foreach (var pod in pods.List(ns, selector))
            {
                await WriteAsync(context, "ADDED", pod);
            }
        }

        await context.Response.Body.FlushAsync(context.RequestAborted);
        var bookmarkSeen = pods.Events.BookmarkRequests;
        var endSeen = pods.Events.EndRequests;
        while (!context.RequestAborted.IsCancellationRequested)
        {
            var changed = pods.Events.Changed;
            foreach (var (version, type, pod) in pods.Events.After(since))
            {
                since = version;
                if (pod["metadata"]?["namespace"]?.GetValue<string>() == ns && pods.MatchesSelector(pod, selector))
                {
                    await WriteAsync(context, type, pod);
                }
            }

            if (pods.Events.EndRequests != endSeen)
            {
                return;
            }

            if (bookmarks && pods.Events.BookmarkRequests != bookmarkSeen)
            {
                bookmarkSeen = pods.Events.BookmarkRequests;
                await WriteAsync(context, "BOOKMARK", new JsonObject { ["kind"] = "Pod", ["apiVersion"] = "v1", ["metadata"] = new JsonObject { ["resourceVersion"] = pods.ResourceVersion } });
            }

            await Task.WhenAny(changed, Task.Delay(Timeout.Infinite, context.RequestAborted));
        }
    }

    private static async Task WriteAsync(HttpContext context, string type, JsonObject item)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = item.DeepClone() }.ToJsonString() + "\n";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
