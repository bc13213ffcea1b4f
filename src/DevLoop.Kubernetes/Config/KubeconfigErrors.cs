namespace DevLoop.Kubernetes.Config;

/// <summary>The DL21xx codes: kubeconfig and context settings, and the credentials they name.</summary>
public static class KubeconfigErrors
{
    public const string UnknownContext = "DL2101";
    public const string ContextNotAllowed = "DL2102";
    public const string Unreadable = "DL2103";
    public const string NoCurrentContext = "DL2104";
    public const string Incomplete = "DL2105";
    public const string ExecPluginNotFound = "DL2106";
    public const string ExecPluginFailed = "DL2107";

    /// <summary>The plugin answered something unusable, or cannot be run as configured (interactive only, unknown apiVersion).</summary>
    public const string ExecPluginInvalid = "DL2108";
}
