using System.Text.Json.Serialization;

namespace DevLoop.Kubernetes.Api;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(Pod))]
[JsonSerializable(typeof(PodList))]
[JsonSerializable(typeof(Workload))]
[JsonSerializable(typeof(KubeStatus))]
[JsonSerializable(typeof(AnnotationsPatch))]
public sealed partial class KubeJsonContext : JsonSerializerContext
{
}
