using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// The pod-template-hash label: FNV-32a of the pod template, written as its decimal digits mapped
/// onto Kubernetes' safe alphabet, as the deployment controller names ReplicaSets ("web-5d9c8f7b6c").
/// </summary>
public static class TemplateHash
{
    public static string Of(JsonNode template)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(Canonical(template)))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return new string(hash.ToString(CultureInfo.InvariantCulture).Select(c => Objects.Alphabet[c % Objects.Alphabet.Length]).ToArray());
    }

    /// <summary>JSON with object keys sorted, so the same template always hashes the same.</summary>
    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => "{" + string.Join(',', obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => JsonValue.Create(p.Key).ToJsonString() + ":" + Canonical(p.Value))) + "}",
        JsonArray array => "[" + string.Join(',', array.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };
}
