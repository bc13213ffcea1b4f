using System.Text.Json.Serialization;

namespace DevLoop.Agent;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentPlan))]
[JsonSerializable(typeof(AgentReply))]
internal sealed partial class AgentJsonContext : JsonSerializerContext
{
}
