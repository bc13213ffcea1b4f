using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.Tests.TestServer;

/// <summary>Raw REST calls to the API test server, the way any client sends them.</summary>
internal static class ApiCalls
{
    public static async Task<(HttpStatusCode Code, JsonObject Body)> SendAsync(this HttpClient client, HttpMethod method, string path, JsonNode? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"{method} {path}: not a JSON object: {text}"));
    }

    /// <summary>Sends and asserts a 2xx answer; returns the body.</summary>
    public static async Task<JsonObject> OkAsync(this HttpClient client, HttpMethod method, string path, JsonNode? body = null, string contentType = "application/json")
    {
        var (code, answer) = await client.SendAsync(method, path, body, contentType);
        Assert.True((int)code is >= 200 and < 300, $"{method} {path} answered {(int)code}: {answer.ToJsonString()}");
        return answer;
    }

    /// <summary>The events of a watch, as (type, object), until the caller stops reading or the server ends it.</summary>
    public static async IAsyncEnumerable<(string Type, JsonObject Object)> WatchAsync(this HttpClient client, string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path.TrimStart('/'), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var e = JsonNode.Parse(line)!.AsObject();
            yield return (e["type"]!.GetValue<string>(), e["object"]!.AsObject());
        }
    }

    public static string Str(this JsonNode? node, string dottedPath) => Path(node, dottedPath)?.ToString() ?? string.Empty;

    public static JsonNode? Path(this JsonNode? node, string dottedPath)
    {
        foreach (var step in dottedPath.Split('.'))
        {
            node = node switch
            {
                JsonObject obj => obj[step],
                JsonArray array when int.TryParse(step, out var i) && i < array.Count => array[i],
                _ => null,
            };
        }

        return node;
    }
}
