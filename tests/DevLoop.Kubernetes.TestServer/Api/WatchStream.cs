using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// A watch: one JSON event per line, flushed as it happens, until the client leaves, timeoutSeconds
/// passes or the server ends it. Without a resourceVersion (or with "0", or with sendInitialEvents,
/// which then ends the initial events with a bookmark) it starts with ADDED events for what exists. An object that stops matching the selectors arrives as DELETED, one that starts
/// matching as ADDED, as a real server's filtered watch does.
/// </summary>
public static class WatchStream
{
    public static async Task ServeAsync(HttpContext context, ObjectStore store, ObjectFilter filter, bool expireAsHttpStatus, Func<JsonObject, JsonObject>? render = null)
    {
        render ??= o => o;
        var requested = context.Request.Query["resourceVersion"].ToString();
        var bookmarks = QueryFlag.IsSet(context.Request.Query, "allowWatchBookmarks");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (int.TryParse(context.Request.Query["timeoutSeconds"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        context.Response.ContentType = "application/json";
        long since;
        var sendInitialEvents = QueryFlag.IsSet(context.Request.Query, "sendInitialEvents");
        if (requested.Length > 0 && requested != "0" && !sendInitialEvents)
        {
            if (!long.TryParse(requested, NumberStyles.Integer, CultureInfo.InvariantCulture, out since))
            {
                throw ApiException.BadRequest($"invalid resource version: {requested}");
            }

            if (since < store.Events.OldestRetained)
            {
                var message = $"too old resource version: {since} ({store.Events.OldestRetained})";
                if (expireAsHttpStatus)
                {
                    await Status.WriteAsync(context, HttpStatusCode.Gone, "Expired", message);
                    return;
                }

                await WriteAsync(context, "ERROR", Status.Failure(HttpStatusCode.Gone, "Expired", message), timeout.Token);
                return;
            }
        }
        else
        {
            var (items, version) = store.Snapshot(filter.Namespace, filter.Matches);
            since = version;
            foreach (var item in items)
            {
                await WriteAsync(context, "ADDED", render(item), timeout.Token);
            }

            if (bookmarks && sendInitialEvents)
            {
                // A watch-list client waits for this marker before it trusts its cache.
                await WriteAsync(context, "BOOKMARK", Bookmark(store, since, initialEventsEnd: true), timeout.Token);
            }
        }

        await context.Response.Body.FlushAsync(timeout.Token);
        var bookmarkSeen = store.Events.BookmarkRequests;
        var endSeen = store.Events.EndRequests;
        try
        {
            while (!timeout.IsCancellationRequested)
            {
                var changed = store.Events.Changed;
                foreach (var change in store.Events.After(since))
                {
                    since = change.Version;
                    if (Translate(change, filter) is { } type)
                    {
                        await WriteAsync(context, type, render(change.Object), timeout.Token);
                    }
                }

                if (store.Events.EndRequests != endSeen)
                {
                    return;
                }

                if (bookmarks && store.Events.BookmarkRequests != bookmarkSeen)
                {
                    bookmarkSeen = store.Events.BookmarkRequests;
                    await WriteAsync(context, "BOOKMARK", Bookmark(store, since, initialEventsEnd: false), timeout.Token);
                }

                await Task.WhenAny(changed, Task.Delay(Timeout.Infinite, timeout.Token));
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            // timeoutSeconds ended the watch: a clean end of the stream, as on a real server.
        }
    }

    private static JsonObject Bookmark(ObjectStore store, long version, bool initialEventsEnd)
    {
        var metadata = new JsonObject { ["resourceVersion"] = VersionClock.Format(version) };
        if (initialEventsEnd)
        {
            metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }

        return new JsonObject { ["kind"] = store.Type.Kind, ["apiVersion"] = store.Type.ApiVersion, ["metadata"] = metadata };
    }

    /// <summary>The event type this filter's watcher sees, or null when the change is not its business.</summary>
    private static string? Translate(Change change, ObjectFilter filter)
    {
        var now = filter.Matches(change.Object);
        if (change.Type != "MODIFIED" || change.Previous is null)
        {
            return now ? change.Type : null;
        }

        var before = filter.Matches(change.Previous);
        return (before, now) switch
        {
            (true, true) => "MODIFIED",
            (false, true) => "ADDED",
            (true, false) => "DELETED",
            _ => null,
        };
    }

    private static async Task WriteAsync(HttpContext context, string type, JsonObject item, CancellationToken cancellationToken)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = item.DeepClone() }.ToJsonString() + "\n";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
