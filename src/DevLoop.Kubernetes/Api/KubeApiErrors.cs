namespace DevLoop.Kubernetes.Api;

/// <summary>The DL11xx codes: the API server and what it answered.</summary>
public static class KubeApiErrors
{
    public const string Unreachable = "DL1100";
    public const string Unauthorized = "DL1101";
    public const string Forbidden = "DL1102";
    public const string Rejected = "DL1103";
}
