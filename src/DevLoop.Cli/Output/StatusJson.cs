using System.Text.Json;
using System.Text.Json.Serialization;
using DevLoop.Targets.Status;

namespace DevLoop.Cli.Output;

/// <summary>`status --json`: {"targets":[…]} with every field of each row (null where unknown), for scripts.</summary>
internal static class StatusJson
{
    public static string Write(IReadOnlyList<TargetStatus> rows) =>
        JsonSerializer.Serialize(new StatusDocument(rows), StatusJsonContext.Default.StatusDocument);
}

internal sealed record StatusDocument(IReadOnlyList<TargetStatus> Targets);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(StatusDocument))]
internal sealed partial class StatusJsonContext : JsonSerializerContext
{
}
