namespace DevLoop.Core.Errors;

/// <summary>
/// Every code a user can see. Numbers are never reused; README.md keeps the table in step.
/// DL0xxx .targets checks, DL1xxx transport/remote, DL2xxx configuration, DL3xxx local files,
/// DL4xxx task contract (our bugs), DL5xxx CLI and watch loop.
/// </summary>
public static class ErrorCodes
{
    public const string NotAnApp = "DL0001";
    public const string AgentMissingInOutput = "DL0002";

    public const string DockerUnreachable = "DL1001";
    public const string ContainerNotFound = "DL1002";
    public const string ContainerNotRunning = "DL1003";
    public const string AppDirMissing = "DL1004";
    public const string NoWritablePlace = "DL1005";
    public const string NoAgentNoTar = "DL1006";
    public const string AgentFailed = "DL1007";
    public const string ExecFailed = "DL1008";
    public const string DockerApiError = "DL1009";
    public const string AppNotRestarted = "DL1010";
    public const string TarFallbackUsed = "DL1011";
    public const string ApplyConflict = "DL1012";
    public const string TargetStoppedDuringSync = "DL1013";
    public const string DockerTlsFailed = "DL1020";

    public const string UnknownTarget = "DL2001";
    public const string ContainerNameMissing = "DL2002";
    public const string BadAppDir = "DL2003";
    public const string BadDockerHost = "DL2004";
    public const string BadSetting = "DL2006";

    public const string DockerContextNotFound = "DL2201";
    public const string DockerContextUnusable = "DL2202";
    public const string DockerTlsFilesUnusable = "DL2203";

    public const string OutputDirMissing = "DL3001";

    public const string MissingTaskParameter = "DL4001";

    public const string BuildFailed = "DL5001";
    public const string ProjectNotFound = "DL5002";
    public const string BadArguments = "DL5003";
    public const string AppExited = "DL5004";
    public const string NotUsingDevLoopBuild = "DL5005";
    public const string WatchListUnreadable = "DL5006";
    public const string InProcessBuildUnavailable = "DL5007";
    public const string BuildWayUnknown = "DL5008";
}
