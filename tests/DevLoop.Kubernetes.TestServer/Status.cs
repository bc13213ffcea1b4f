using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>meta/v1 Status bodies, as the API server writes them for every error.</summary>
public static class Status
{
    public static Task WriteAsync(HttpContext context, HttpStatusCode code, string reason, string message, string? name = null)
    {
        context.Response.StatusCode = (int)code;
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
        if (name is not null)
        {
            status["details"] = new JsonObject { ["name"] = name, ["kind"] = "pods" };
        }

        return context.Response.WriteAsJsonAsync(status);
    }
}
