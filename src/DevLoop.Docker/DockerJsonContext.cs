using System.Text.Json.Serialization;

namespace DevLoop.Docker;

// The Engine API uses PascalCase names, matching the records as written.
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ContainerInspect))]
[JsonSerializable(typeof(ExecCreateRequest))]
[JsonSerializable(typeof(ExecCreateResponse))]
[JsonSerializable(typeof(ExecInspect))]
[JsonSerializable(typeof(DockerError))]
internal sealed partial class DockerJsonContext : JsonSerializerContext
{
}
