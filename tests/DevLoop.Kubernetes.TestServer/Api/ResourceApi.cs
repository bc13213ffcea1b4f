using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// The REST verbs of one namespaced resource: list and watch (also across namespaces), get, create,
/// patch, update (PUT) and delete, each authorized with the verb a real server checks. What creating
/// and deleting mean is the resource's business (the kubelet, a controller).
/// </summary>
public sealed class ResourceApi
{
    private readonly ObjectStore _store;
    private readonly ServerUsers _users;
    private readonly Func<bool> _expireAsHttpStatus;

    public ResourceApi(ObjectStore store, ServerUsers users, Func<bool> expireAsHttpStatus)
    {
        _store = store;
        _users = users;
        _expireAsHttpStatus = expireAsHttpStatus;
    }

    private ResourceType Type => _store.Type;

    /// <summary>Admits and stores a new object in a namespace; returns it as stored.</summary>
    public Func<string, JsonObject, JsonObject>? Create { get; init; }

    /// <summary>Deletes by namespace, name and grace period; returns the DELETE response's object.</summary>
    public Func<string, string, long?, JsonObject>? Delete { get; init; }

    /// <summary>Checks (throwing a 422) and completes an update: before, after.</summary>
    public Action<JsonObject, JsonObject>? ValidateUpdate { get; init; }

    public void Map(WebApplication app)
    {
        var collection = $"{Type.Prefix}/namespaces/{{ns}}/{Type.Resource}";
        app.MapGet($"{Type.Prefix}/{Type.Resource}", (HttpContext context) => ListAsync(context, null));
        app.MapGet(collection, (HttpContext context, string ns) => ListAsync(context, ns));
        app.MapPost(collection, CreateAsync);
        app.MapGet(collection + "/{name}", GetAsync);
        app.MapPatch(collection + "/{name}", PatchAsync);
        app.MapPut(collection + "/{name}", UpdateAsync);
        app.MapDelete(collection + "/{name}", DeleteAsync);
    }

    private async Task ListAsync(HttpContext context, string? ns)
    {
        var watch = QueryFlag.IsSet(context.Request.Query, "watch");
        Authorize(context, watch ? "watch" : "list", ns, null);
        var filter = ObjectFilter.FromQuery(context.Request, ns, Type);
        if (watch)
        {
            await WatchStream.ServeAsync(context, _store, filter, _expireAsHttpStatus(), Tables.Renderer(context, Type));
            return;
        }

        var (items, version) = _store.Snapshot(ns, filter.Matches);
        await Responses.ListAsync(context, Type, items, version);
    }

    private async Task GetAsync(HttpContext context, string ns, string name)
    {
        Authorize(context, "get", ns, name);
        await Responses.ObjectAsync(context, Type, _store.Get(ns, name) ?? throw ApiException.NotFound(Type, name));
    }

    private async Task CreateAsync(HttpContext context, string ns)
    {
        Authorize(context, "create", ns, null);
        RefuseDryRun(context);
        var create = Create ?? throw MethodNotAllowed("create");
        var created = create(ns, await RequestBody.ObjectAsync(context.Request));
        await Responses.ObjectAsync(context, Type, created, StatusCodes.Status201Created);
    }

    private async Task PatchAsync(HttpContext context, string ns, string name)
    {
        Authorize(context, "patch", ns, name);
        RefuseDryRun(context);
        var patch = await RequestBody.PatchAsync(context.Request);
        await Responses.ObjectAsync(context, Type, Change(ns, name, before => patch(before)));
    }

    private async Task UpdateAsync(HttpContext context, string ns, string name)
    {
        Authorize(context, "update", ns, name);
        RefuseDryRun(context);
        var body = await RequestBody.ObjectAsync(context.Request);
        if (body.Path("metadata").Str("resourceVersion") is null)
        {
            throw ApiException.Invalid(Type, name, "metadata.resourceVersion: Invalid value: 0x0: must be specified for an update");
        }

        await Responses.ObjectAsync(context, Type, Change(ns, name, _ => (JsonObject)body.DeepClone()));
    }

    private async Task DeleteAsync(HttpContext context, string ns, string name)
    {
        Authorize(context, "delete", ns, name);
        RefuseDryRun(context);
        var options = await RequestBody.OptionalObjectAsync(context.Request);
        var grace = options.Int("gracePeriodSeconds")
            ?? (long.TryParse(context.Request.Query["gracePeriodSeconds"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var g) ? g : null);
        if (options?["preconditions"]?.Str("uid") is { } uid && _store.Get(ns, name) is { } current && current.Metadata().Str("uid") != uid)
        {
            throw new ApiException(HttpStatusCode.Conflict, "Conflict", $"Operation cannot be fulfilled on {ApiException.Qualified(Type)} \"{name}\": Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Metadata().Str("uid")}", Status.Details(Type, name));
        }

        var delete = Delete ?? throw MethodNotAllowed("delete");
        await Responses.ObjectAsync(context, Type, delete(ns, name, grace));
    }

    /// <summary>Computes the new object under the store's lock, so it never overwrites a concurrent status change.</summary>
    private JsonObject Change(string ns, string name, Func<JsonObject, JsonObject> next) =>
        _store.Update(ns, name, current =>
        {
            var before = (JsonObject)current.DeepClone();
            var after = next(before);
            KeepServerFields(before, after, name);
            ValidateUpdate?.Invoke(before, after);
            current.Clear();
            foreach (var (key, value) in after.ToList())
            {
                after.Remove(key);
                current[key] = value;
            }
        }) ?? throw ApiException.NotFound(Type, name);

    private void KeepServerFields(JsonObject before, JsonObject after, string name)
    {
        var was = before.Metadata();
        var now = after.Metadata();
        if (now.Str("resourceVersion") is { } version && version != was.Str("resourceVersion"))
        {
            throw new ApiException(HttpStatusCode.Conflict, "Conflict", $"Operation cannot be fulfilled on {ApiException.Qualified(Type)} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", Status.Details(Type, name));
        }

        foreach (var field in new[] { "name", "namespace", "uid" })
        {
            if (now[field] is not null && now.Str(field) != was.Str(field))
            {
                throw ApiException.Invalid(Type, name, $"metadata.{field}: Invalid value: \"{now.Str(field)}\": field is immutable");
            }
        }

        foreach (var field in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation" })
        {
            now[field] = was[field]?.DeepClone();
            if (now[field] is null)
            {
                now.Remove(field);
            }
        }

        // Status belongs to the status subresource: the main resource's writes leave it alone.
        after.Remove("status");
        if (before["status"] is { } status)
        {
            after["status"] = status.DeepClone();
        }

        after["apiVersion"] = Type.ApiVersion;
        after["kind"] = Type.Kind;
    }

    private void Authorize(HttpContext context, string verb, string? ns, string? name) =>
        _users.Authorize((string)context.Items["user"]!, verb, Type, null, ns, name);

    private static void RefuseDryRun(HttpContext context)
    {
        if (context.Request.Query.ContainsKey("dryRun"))
        {
            throw ApiException.BadRequest("dryRun is not supported by the DevLoop test server");
        }
    }

    private ApiException MethodNotAllowed(string verb) =>
        new(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", $"the server does not allow this method on the requested resource ({verb} {Type.Resource})", Status.Details(Type, null));
}
