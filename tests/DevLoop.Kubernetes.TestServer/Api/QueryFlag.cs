using Microsoft.AspNetCore.Http;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// A boolean query parameter read as the API server reads it (apimachinery's Convert_Slice_string_To_bool):
/// absent is false, "0" and "false" (any case) are false, anything else, even empty, is true. Clients
/// send "1" (KubernetesClient's stdin=1) as often as "true".
/// </summary>
public static class QueryFlag
{
    public static bool IsSet(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0
        && values[0] is var value && value != "0" && !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);
}
