namespace DevLoop.Kubernetes.Config;

/// <summary>The DL21xx codes: kubeconfig and context settings.</summary>
public static class KubeconfigErrors
{
    public const string UnknownContext = "DL2101";
    public const string ContextNotAllowed = "DL2102";
    public const string Unreadable = "DL2103";
    public const string NoCurrentContext = "DL2104";
    public const string Incomplete = "DL2105";
}
