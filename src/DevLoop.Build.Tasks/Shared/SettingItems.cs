using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Build.Framework;

namespace DevLoop.Build.Tasks;

/// <summary>
/// The tasks' one parameter surface: one item per DevLoop setting, named by the MSBuild property it
/// carries, with the property's value in its Value metadata (the _DevLoopSettings target writes them).
/// </summary>
internal static class SettingItems
{
    public const string ValueMetadata = "Value";

    public static IEnumerable<KeyValuePair<string, string?>> Values(IEnumerable<ITaskItem> items) =>
        items.Select(i => new KeyValuePair<string, string?>(i.ItemSpec, i.GetMetadata(ValueMetadata)));

    public static Dictionary<string, string?> ToDictionary(IEnumerable<ITaskItem> items)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in Values(items))
        {
            values[pair.Key] = pair.Value;
        }

        return values;
    }
}
