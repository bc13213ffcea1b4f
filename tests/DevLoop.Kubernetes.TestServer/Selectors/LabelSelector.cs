using System.Net;
using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// Label selectors as the API reads them: equality ("app=web", "app==web", "tier!=db"), sets
/// ("env in (a,b)", "env notin (c)") and existence ("canary", "!canary"); terms are ANDed.
/// </summary>
public sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _terms;

    private LabelSelector(List<Func<IReadOnlyDictionary<string, string>, bool>> terms)
    {
        _terms = terms;
    }

    public static LabelSelector Everything { get; } = new(new());

    public static LabelSelector Parse(string? text)
    {
        var terms = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        foreach (var term in SplitTerms(text ?? string.Empty))
        {
            terms.Add(ParseTerm(term));
        }

        return new LabelSelector(terms);
    }

    /// <summary>Every label in <paramref name="labels"/> must match (a Deployment's matchLabels as a selector).</summary>
    public static LabelSelector Equal(IReadOnlyDictionary<string, string> labels) =>
        new(labels.Select(l => (Func<IReadOnlyDictionary<string, string>, bool>)(actual => actual.TryGetValue(l.Key, out var v) && v == l.Value)).ToList());

    /// <summary>A metav1.LabelSelector object: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist).</summary>
    public static LabelSelector FromObject(JsonObject? selector)
    {
        var terms = Equal(selector.StringMap("matchLabels"))._terms;
        foreach (var expression in selector.Items("matchExpressions"))
        {
            var key = expression.Str("key") ?? string.Empty;
            var values = expression["values"] is JsonArray array ? array.Select(v => v!.ToString()).ToHashSet(StringComparer.Ordinal) : new HashSet<string>();
            terms.Add(expression.Str("operator") switch
            {
                "In" => labels => labels.TryGetValue(key, out var v) && values.Contains(v),
                "NotIn" => labels => !labels.TryGetValue(key, out var v) || !values.Contains(v),
                "Exists" => labels => labels.ContainsKey(key),
                "DoesNotExist" => labels => !labels.ContainsKey(key),
                var op => throw new ApiException(HttpStatusCode.UnprocessableEntity, "Invalid", $"\"{op}\" is not a valid label selector operator"),
            });
        }

        return new LabelSelector(terms);
    }

    public bool IsEmpty => _terms.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _terms.All(t => t(labels));

    public bool Matches(JsonObject obj) => Matches(obj.Path("metadata").StringMap("labels"));

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseTerm(string term)
    {
        var words = term.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 2 && (words[1].StartsWith("in ", StringComparison.Ordinal) || words[1].StartsWith("in(", StringComparison.Ordinal) || words[1].StartsWith("notin", StringComparison.Ordinal)))
        {
            var key = words[0];
            var negate = words[1].StartsWith("notin", StringComparison.Ordinal);
            var list = words[1][(negate ? 5 : 2)..].Trim();
            if (!list.StartsWith('(') || !list.EndsWith(')'))
            {
                throw Invalid(term);
            }

            var values = list[1..^1].Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            return negate
                ? labels => !labels.TryGetValue(key, out var v) || !values.Contains(v)
                : labels => labels.TryGetValue(key, out var v) && values.Contains(v);
        }

        foreach (var op in new[] { "!=", "==", "=" })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = term[..at].Trim();
                var value = term[(at + op.Length)..].Trim();
                return op == "!="
                    ? labels => !labels.TryGetValue(key, out var v) || v != value
                    : labels => labels.TryGetValue(key, out var v) && v == value;
            }
        }

        if (term.StartsWith('!'))
        {
            var key = term[1..].Trim();
            return labels => !labels.ContainsKey(key);
        }

        if (term.Contains(' ', StringComparison.Ordinal) || term.Contains('(', StringComparison.Ordinal))
        {
            throw Invalid(term);
        }

        return labels => labels.ContainsKey(term);
    }

    /// <summary>Splits on commas outside parentheses.</summary>
    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ',' && depth == 0))
            {
                var term = text[start..i].Trim();
                if (term.Length > 0)
                {
                    yield return term;
                }

                start = i + 1;
            }
            else if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')')
            {
                depth--;
            }
        }
    }

    private static ApiException Invalid(string term) =>
        new(HttpStatusCode.BadRequest, "BadRequest", $"unable to parse requirement: found '{term}', expected: in, notin, =, ==, !=, or the end of the selector");
}
