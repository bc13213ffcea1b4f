using System.Text.Json.Serialization;

namespace DevLoop.Agent;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentPlan))]
[JsonSerializable(typeof(AgentReply))]
[JsonSerializable(typeof(SyncMarks))]
[JsonSerializable(typeof(Session.SessionRequest))]
internal sealed partial class AgentJsonContext : JsonSerializerContext
{
}
