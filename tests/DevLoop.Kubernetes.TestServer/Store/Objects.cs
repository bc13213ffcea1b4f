using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>Metadata rules every created object follows: the request's namespace, a name or generateName, no server-owned fields from the client.</summary>
public static class Objects
{
    /// <summary>The alphabet Kubernetes uses for generated suffixes and hashes (no vowels, no look-alikes).</summary>
    public const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static void AdmitMetadata(string ns, JsonObject obj, ResourceType type)
    {
        var metadata = obj.Metadata();
        var bodyNs = metadata.Str("namespace");
        if (bodyNs is not null && bodyNs != ns)
        {
            throw new ApiException(HttpStatusCode.BadRequest, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
        }

        metadata["namespace"] = ns;
        if (metadata.Str("name") is not { Length: > 0 })
        {
            var prefix = metadata.Str("generateName") ?? throw ApiException.Invalid(type, string.Empty, "metadata.name: Required value: name or generateName is required");
            metadata["name"] = prefix + RandomSuffix(5);
        }

        foreach (var serverOwned in new[] { "uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds" })
        {
            metadata.Remove(serverOwned);
        }

        if (obj["apiVersion"] is JsonValue apiVersion && apiVersion.ToString() != type.ApiVersion)
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }
    }

    public static string RandomSuffix(int length) =>
        new(Enumerable.Range(0, length).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]).ToArray());
}
