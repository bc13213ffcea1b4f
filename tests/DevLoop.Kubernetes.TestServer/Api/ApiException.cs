using System.Net;
using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>An error a handler ends with; the server answers it as a meta/v1 Status.</summary>
public sealed class ApiException : Exception
{
    public ApiException(HttpStatusCode code, string reason, string message, JsonObject? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public HttpStatusCode Code { get; }

    public string Reason { get; }

    public JsonObject? Details { get; }

    public static ApiException NotFound(ResourceType type, string name) =>
        new(HttpStatusCode.NotFound, "NotFound", $"{Qualified(type)} \"{name}\" not found", Status.Details(type, name));

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(HttpStatusCode.Conflict, "AlreadyExists", $"{Qualified(type)} \"{name}\" already exists", Status.Details(type, name));

    public static ApiException BadRequest(string message) => new(HttpStatusCode.BadRequest, "BadRequest", message);

    public static ApiException Invalid(ResourceType type, string name, string causes) =>
        new(HttpStatusCode.UnprocessableEntity, "Invalid", $"{(type.Group.Length == 0 ? type.Kind : type.Kind + "." + type.Group)} \"{name}\" is invalid: {causes}", Status.Details(type, name));

    /// <summary>"pods" or "deployments.apps", as the API server names a resource in messages.</summary>
    public static string Qualified(ResourceType type) => type.Group.Length == 0 ? type.Resource : type.Resource + "." + type.Group;
}
