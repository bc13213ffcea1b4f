using System.Net;
using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>JSON patch (RFC 6902): add, replace, remove, test, copy and move, with RFC 6901 pointers ("~1" is "/").</summary>
public static class JsonPatch
{
    public static JsonObject Apply(JsonObject target, JsonArray operations)
    {
        var result = (JsonObject)target.DeepClone();
        foreach (var operation in operations.OfType<JsonObject>())
        {
            var op = operation.Str("op");
            var path = operation.Str("path") ?? throw Invalid("a patch operation needs a path");
            switch (op)
            {
                case "add":
                    Add(result, path, operation["value"]?.DeepClone());
                    break;
                case "replace":
                    _ = Find(result, path) ?? throw Invalid($"replace operation does not apply: doc is missing path: {path}");
                    Remove(result, path);
                    Add(result, path, operation["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(result, path);
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Find(result, path), operation["value"]))
                    {
                        throw Invalid($"testing value {path} failed");
                    }

                    break;
                case "copy":
                case "move":
                    var from = operation.Str("from") ?? throw Invalid($"a {op} operation needs from");
                    var value = Find(result, from)?.DeepClone() ?? throw Invalid($"{op} operation does not apply: doc is missing from path: {from}");
                    if (op == "move")
                    {
                        Remove(result, from);
                    }

                    Add(result, path, value);
                    break;
                default:
                    throw Invalid($"Unexpected kind: {op}");
            }
        }

        return result;
    }

    private static void Add(JsonObject root, string path, JsonNode? value)
    {
        var (parent, key) = Parent(root, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[key] = value;
                break;
            case JsonArray array when key == "-":
                array.Add(value);
                break;
            case JsonArray array when int.TryParse(key, out var index) && index >= 0 && index <= array.Count:
                array.Insert(index, value);
                break;
            default:
                throw Invalid($"add operation does not apply: doc is missing path: {path}");
        }
    }

    private static void Remove(JsonObject root, string path)
    {
        var (parent, key) = Parent(root, path);
        var removed = parent switch
        {
            JsonObject obj => obj.Remove(key),
            JsonArray array when int.TryParse(key, out var index) && index >= 0 && index < array.Count => RemoveAt(array, index),
            _ => false,
        };
        if (!removed)
        {
            throw Invalid($"remove operation does not apply: doc is missing path: {path}");
        }
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    private static (JsonNode? Parent, string Key) Parent(JsonObject root, string path)
    {
        var at = path.LastIndexOf('/');
        if (at < 0)
        {
            throw Invalid($"invalid path: {path}");
        }

        return (Find(root, path[..at]), Unescape(path[(at + 1)..]));
    }

    private static JsonNode? Find(JsonNode? node, string path)
    {
        foreach (var token in path.Split('/').Skip(1).Select(Unescape))
        {
            node = node switch
            {
                JsonObject obj => obj[token],
                JsonArray array when int.TryParse(token, out var index) && index >= 0 && index < array.Count => array[index],
                _ => null,
            };
        }

        return node;
    }

    private static string Unescape(string token) => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    private static ApiException Invalid(string message) => new(HttpStatusCode.UnprocessableEntity, "Invalid", message);
}
