using System.Text.Json.Serialization;
using DevLoop.Core.Agent;
using DevLoop.Core.Snapshots;
using DevLoop.Core.Sync;

namespace DevLoop.Core.Json;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredSnapshot))]
[JsonSerializable(typeof(StoredManifest))]
[JsonSerializable(typeof(AgentPlan))]
[JsonSerializable(typeof(AgentReply))]
[JsonSerializable(typeof(SessionRequest))]
internal sealed partial class CoreJsonContext : JsonSerializerContext
{
}
