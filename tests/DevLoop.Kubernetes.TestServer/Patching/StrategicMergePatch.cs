using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// Strategic merge patch, as far as kubectl's own patches need it (set image, set env, edit, rollout
/// restart, apply): a JSON merge patch in which lists of objects merge by their key (containers, env
/// and volumes by name, ports by containerPort, volumeMounts by mountPath), "$patch": "delete" removes
/// a list element, and other $-directives ($setElementOrder, $retainKeys, $deleteFromPrimitiveList) are
/// dropped. Lists without a known key are replaced, as merge patch does.
/// </summary>
public static class StrategicMergePatch
{
    private static readonly Dictionary<string, string> ListKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["imagePullSecrets"] = "name",
        ["ports"] = "containerPort",
        ["volumeMounts"] = "mountPath",
        ["ownerReferences"] = "uid",
        ["tolerations"] = "key",
    };

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (key.StartsWith('$'))
            {
                continue;
            }

            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonArray items && result[key] is JsonArray current && ListKeys.TryGetValue(key, out var mergeKey) && items.All(i => i is JsonObject))
            {
                result[key] = MergeList(current, items, mergeKey);
            }
            else
            {
                result[key] = Apply(result[key], value);
            }
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray current, JsonArray patch, string key)
    {
        var merged = current.Select(i => i?.DeepClone()).ToList();
        foreach (var item in patch.OfType<JsonObject>())
        {
            var id = item[key]?.ToJsonString();
            var at = merged.FindIndex(m => m is JsonObject o && o[key]?.ToJsonString() == id);
            if (item.Str("$patch") == "delete")
            {
                if (at >= 0)
                {
                    merged.RemoveAt(at);
                }
            }
            else if (at >= 0)
            {
                merged[at] = Apply(merged[at], item);
            }
            else
            {
                merged.Add(Apply(null, item));
            }
        }

        return new JsonArray(merged.ToArray());
    }
}
