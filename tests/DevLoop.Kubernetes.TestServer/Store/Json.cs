using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>Small helpers for reading and building Kubernetes objects as JSON nodes.</summary>
public static class Json
{
    /// <summary>metadata, created when missing.</summary>
    public static JsonObject Metadata(this JsonObject obj) => obj.Child("metadata");

    /// <summary>The named child object, created when missing.</summary>
    public static JsonObject Child(this JsonObject obj, string name)
    {
        if (obj[name] is JsonObject child)
        {
            return child;
        }

        child = new JsonObject();
        obj[name] = child;
        return child;
    }

    /// <summary>A string property, or null when it is missing or not a string.</summary>
    public static string? Str(this JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>An integer property, or null when it is missing or not a number.</summary>
    public static long? Int(this JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? long.Parse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture)
            : null;

    public static bool Bool(this JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    /// <summary>The items of an array property, or none.</summary>
    public static IEnumerable<JsonObject> Items(this JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonArray array ? array.OfType<JsonObject>() : Enumerable.Empty<JsonObject>();

    /// <summary>A string map (labels, annotations, matchLabels) as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> StringMap(this JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonObject map
            ? map.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    public static JsonObject ToJson(this IReadOnlyDictionary<string, string> map) =>
        new(map.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));

    public static JsonArray ToJsonArray(this IEnumerable<string> items) => new(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());

    /// <summary>A timestamp as Kubernetes writes them: RFC 3339 in UTC, whole seconds.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Now() => Time(DateTimeOffset.UtcNow);

    /// <summary>Walks a dotted path such as "metadata.name"; null when any step is missing.</summary>
    public static JsonNode? Path(this JsonNode? node, string dottedPath)
    {
        foreach (var step in dottedPath.Split('.'))
        {
            node = node is JsonObject obj ? obj[step] : null;
        }

        return node;
    }
}
