namespace DevLoop.Kubernetes.Api;

/// <summary>A JSON merge patch (RFC 7386) of metadata.annotations; a null value removes the key.</summary>
public sealed record AnnotationsPatch(AnnotationsPatchMeta Metadata)
{
    public static AnnotationsPatch Of(IReadOnlyDictionary<string, string?> annotations) => new(new AnnotationsPatchMeta(new Dictionary<string, string?>(annotations)));
}

public sealed record AnnotationsPatchMeta(
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)]
    Dictionary<string, string?> Annotations);
