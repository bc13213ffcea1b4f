using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>Which objects a list or watch asks for: a namespace (or all), a label selector and a field selector.</summary>
public sealed class ObjectFilter
{
    private readonly LabelSelector _labels;
    private readonly FieldSelector _fields;

    public ObjectFilter(string? ns, LabelSelector labels, FieldSelector fields)
    {
        Namespace = ns;
        _labels = labels;
        _fields = fields;
    }

    public string? Namespace { get; }

    public static ObjectFilter FromQuery(HttpRequest request, string? ns, ResourceType type) =>
        new(ns, LabelSelector.Parse(request.Query["labelSelector"].ToString()), FieldSelector.Parse(request.Query["fieldSelector"].ToString(), type));

    public bool Matches(JsonObject obj) =>
        (Namespace is null || obj.Path("metadata").Str("namespace") == Namespace) && _labels.Matches(obj) && _fields.Matches(obj);
}
