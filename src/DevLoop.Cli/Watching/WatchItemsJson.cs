using System.Text.Json;
using DevLoop.Core.Watch;

namespace DevLoop.Cli.Watching;

/// <summary>Reads the items of `dotnet msbuild -getTargetResult:_DevLoopWatchItems` (MSBuild's JSON output).</summary>
internal static class WatchItemsJson
{
    public const string Target = "_DevLoopWatchItems";

    public static IReadOnlyList<WatchItem> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = document.RootElement.GetProperty("TargetResults").GetProperty(Target);
        var items = new List<WatchItem>();
        foreach (var item in result.GetProperty("Items").EnumerateArray())
        {
            var path = Metadata(item, "FullPath") ?? Metadata(item, "Identity");
            if (string.IsNullOrEmpty(path) || !Enum.TryParse<WatchItemKind>(Metadata(item, "DevLoopKind"), out var kind))
            {
                continue;
            }

            items.Add(new WatchItem(path, kind, Metadata(item, "OutputDir"), Metadata(item, "IntermediateDir")));
        }

        return items;
    }

    private static string? Metadata(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
