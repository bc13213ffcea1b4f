namespace DevLoop.Kubernetes;

/// <summary>The codes of the kubernetes target: DL211x settings, DL111x what was found in the cluster.</summary>
public static class KubernetesTargetErrors
{
    public const string BadWorkload = "DL2110";
    public const string NoSelector = "DL2111";
    public const string SelectorAndWorkload = "DL2112";

    public const string WorkloadNotFound = "DL1110";
    public const string NoPodsMatch = "DL1111";
    public const string PodsNotReady = "DL1112";
    public const string ContainerNameMissing = "DL1113";
    public const string ContainerNotInPod = "DL1114";
    public const string ManagedByGitOps = "DL1115";
    public const string BarePod = "DL1116";
}
