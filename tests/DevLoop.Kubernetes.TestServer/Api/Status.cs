using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>meta/v1 Status bodies, as the API server writes them for every error.</summary>
public static class Status
{
    public static Task WriteAsync(HttpContext context, HttpStatusCode code, string reason, string message, JsonObject? details = null)
    {
        context.Response.StatusCode = (int)code;
        return context.Response.WriteAsJsonAsync(Failure(code, reason, message, details), context.RequestAborted);
    }

    public static Task WriteAsync(HttpContext context, ApiException error) =>
        WriteAsync(context, error.Code, error.Reason, error.Message, error.Details);

    public static JsonObject Failure(HttpStatusCode code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = (int)code,
        };
        if (details is not null)
        {
            status["details"] = details;
        }

        return status;
    }

    /// <summary>The details block of a Status about one object: its name, the group (when not core) and the resource as "kind".</summary>
    public static JsonObject Details(ResourceType type, string? name)
    {
        var details = new JsonObject();
        if (name is not null)
        {
            details["name"] = name;
        }

        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }

        details["kind"] = type.Resource;
        return details;
    }
}
