using DevLoop.Kubernetes.Api;

namespace DevLoop.Kubernetes.Target;

/// <summary>A workload's structured selector as the labelSelector query string a list takes.</summary>
public static class LabelSelectors
{
    public static string ToQuery(LabelSelector selector)
    {
        var parts = new List<string>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            parts.Add($"{key}={value}");
        }

        foreach (var requirement in selector.MatchExpressions ?? new List<LabelSelectorRequirement>())
        {
            var values = string.Join(",", requirement.Values ?? new List<string>());
            parts.Add(requirement.Operator switch
            {
                "In" => $"{requirement.Key} in ({values})",
                "NotIn" => $"{requirement.Key} notin ({values})",
                "Exists" => requirement.Key,
                "DoesNotExist" => "!" + requirement.Key,
                _ => throw new ArgumentException($"Unknown label selector operator '{requirement.Operator}'."),
            });
        }

        return string.Join(",", parts);
    }
}
