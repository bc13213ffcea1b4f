using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>Reads request bodies: JSON objects for create and update, patches by their Content-Type.</summary>
public static class RequestBody
{
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string JsonPatch = "application/json-patch+json";

    /// <summary>The media type without parameters, lower case ("application/json").</summary>
    public static string MediaType(HttpRequest request) =>
        (request.ContentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();

    public static async Task<JsonObject> ObjectAsync(HttpRequest request)
    {
        var mediaType = MediaType(request);
        if (mediaType is not ("application/json" or ""))
        {
            throw new ApiException(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml");
        }

        return await ParseAsync(request) as JsonObject ?? throw ApiException.BadRequest("the body of the request must be a JSON object");
    }

    /// <summary>Null when the request has no body (DELETE without DeleteOptions).</summary>
    public static async Task<JsonObject?> OptionalObjectAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest("the body of the request could not be decoded: " + e.Message);
        }
    }

    /// <summary>Applies the request's patch to <paramref name="current"/> according to its Content-Type.</summary>
    public static async Task<Func<JsonObject, JsonObject>> PatchAsync(HttpRequest request)
    {
        var mediaType = MediaType(request);
        var patch = mediaType is MergePatch or StrategicMergePatch or JsonPatch
            ? await ParseAsync(request)
            : throw new ApiException(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {JsonPatch}, {MergePatch}, {StrategicMergePatch}");
        if (mediaType == JsonPatch)
        {
            var operations = patch as JsonArray ?? throw ApiException.BadRequest("json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp");
            return current => TestServer.JsonPatch.Apply(current, operations);
        }

        if (patch is not JsonObject)
        {
            throw ApiException.BadRequest("the merge patch must be a JSON object");
        }

        return mediaType == StrategicMergePatch
            ? current => TestServer.StrategicMergePatch.Apply(current, patch) as JsonObject ?? new JsonObject()
            : current => TestServer.MergePatch.Apply(current, patch) as JsonObject ?? new JsonObject();
    }

    private static async Task<JsonNode?> ParseAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest("the body of the request could not be decoded: " + e.Message);
        }
    }
}
