using System.Net;
using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// Field selectors ("metadata.name=web-1", "status.phase!=Running"): what `kubectl get pod NAME -w`
/// and `kubectl delete --wait` send. Only the fields a real server indexes are accepted.
/// </summary>
public sealed class FieldSelector
{
    private static readonly string[] CommonFields = { "metadata.name", "metadata.namespace" };
    private static readonly string[] PodFields = { "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase", "status.podIP" };

    private readonly List<(string Field, string Value, bool Equal)> _terms;

    private FieldSelector(List<(string Field, string Value, bool Equal)> terms)
    {
        _terms = terms;
    }

    public static FieldSelector Parse(string? text, ResourceType type)
    {
        var terms = new List<(string, string, bool)>();
        foreach (var term in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var op = term.Contains("!=", StringComparison.Ordinal) ? "!=" : term.Contains("==", StringComparison.Ordinal) ? "==" : "=";
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0)
            {
                throw new ApiException(HttpStatusCode.BadRequest, "BadRequest", $"invalid selector: '{text}'; can't understand '{term}'");
            }

            var field = term[..at].Trim();
            if (!CommonFields.Contains(field) && !(type == ResourceType.Pods && PodFields.Contains(field)))
            {
                throw new ApiException(HttpStatusCode.BadRequest, "BadRequest", $"field label not supported: {field}");
            }

            terms.Add((field, term[(at + op.Length)..].Trim(), op != "!="));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj) =>
        _terms.All(t => ((obj.Path(t.Field) as JsonValue)?.ToString() ?? string.Empty) == t.Value == t.Equal);
}
