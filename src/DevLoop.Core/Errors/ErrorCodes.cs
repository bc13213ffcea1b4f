#if DEVLOOP_AGENT
namespace DevLoop.Agent;
#else
namespace DevLoop.Core.Errors;
#endif

/// <summary>
/// Every DLnnnn code a user can see, each defined once with its meaning. The agent compiles this file
/// too (it has no dependencies), so it speaks the same codes. Numbers are never reused; README.md's
/// table lists exactly these (a test checks it). DL0xxx .targets checks, DL1xxx transport and remote,
/// DL2xxx configuration, DL3xxx local files, DL4xxx task and protocol contract (our bugs), DL5xxx CLI.
/// </summary>
#if DEVLOOP_AGENT
internal
#else
public
#endif
static class ErrorCodes
{
    /// <summary>DeployDev was run on a project that is not an app (in DevLoop.Build.targets).</summary>
    public const string NotAnApp = "DL0001";

    /// <summary>The build output has no agent (DevLoopIncludeAgent is off, e.g. Release).</summary>
    public const string AgentMissingInOutput = "DL0002";

    /// <summary>DeployDev on a multi-targeted project without TargetFramework (in buildMultiTargeting).</summary>
    public const string SeveralFrameworks = "DL0003";

    /// <summary>The Docker engine cannot be reached.</summary>
    public const string DockerUnreachable = "DL1001";

    /// <summary>No container has the name in DevLoopContainer.</summary>
    public const string ContainerNotFound = "DL1002";

    /// <summary>The container is not running.</summary>
    public const string ContainerNotRunning = "DL1003";

    /// <summary>DevLoopAppDir does not exist in the container.</summary>
    public const string AppDirMissing = "DL1004";

    /// <summary>No writable place in the container for the shadow copy.</summary>
    public const string NoWritablePlace = "DL1005";

    /// <summary>The container has neither the agent nor sh and tar.</summary>
    public const string NoAgentNoTar = "DL1006";

    /// <summary>The agent refused or failed an apply; nothing was changed.</summary>
    public const string AgentFailed = "DL1007";

    /// <summary>The sh + tar fallback failed in the container.</summary>
    public const string ExecFailed = "DL1008";

    /// <summary>The Docker engine refused a request.</summary>
    public const string DockerApiError = "DL1009";

    /// <summary>The app was not restarted (not running with the hook, or did not come back).</summary>
    public const string AppNotRestarted = "DL1010";

    /// <summary>Warning: no agent, so sh + tar were used and the container restarted.</summary>
    public const string TarFallbackUsed = "DL1011";

    /// <summary>Another sync into the same app folder is running.</summary>
    public const string ApplyConflict = "DL1012";

    /// <summary>The container stopped during a sync.</summary>
    public const string TargetStoppedDuringSync = "DL1013";

    /// <summary>No container carries the Compose project and service labels of DevLoopComposeService.</summary>
    public const string ComposeServiceNotFound = "DL1014";

    /// <summary>The app folder was changed in place without the image's copies kept, so reset cannot put them back.</summary>
    public const string ResetImpossible = "DL1015";

    /// <summary>Warning: this sync replaced the files another copy of the project, or another user, had synced into the target.</summary>
    public const string ReplacedAnotherSync = "DL1016";

    /// <summary>The connection that carried a command into the target broke before the command's end was known.</summary>
    public const string ExecStreamCut = "DL1017";

    /// <summary>The agent in the image speaks another session protocol (tool and package versions differ).</summary>
    public const string AgentProtocolMismatch = "DL1020";

    /// <summary>The agent session refused a frame; the session is reopened.</summary>
    public const string AgentSessionBroken = "DL1021";

    /// <summary>Warning: the app restarted but did not listen again on its ports.</summary>
    public const string AppNotServing = "DL1022";

    /// <summary>The image was built without the agent (a Release build).</summary>
    public const string AgentNotInImage = "DL1023";

    /// <summary>The TLS handshake with the Docker engine failed.</summary>
    public const string DockerTlsFailed = "DL1030";

    /// <summary>The Kubernetes API server cannot be reached.</summary>
    public const string ApiServerUnreachable = "DL1100";

    /// <summary>The API server rejected the credentials (401).</summary>
    public const string ApiUnauthorized = "DL1101";

    /// <summary>RBAC refused a request (403); the verb and resource are named.</summary>
    public const string ApiForbidden = "DL1102";

    /// <summary>The API server refused a request for another reason.</summary>
    public const string ApiRejected = "DL1103";

    /// <summary>The workload in DevLoopWorkload does not exist.</summary>
    public const string WorkloadNotFound = "DL1110";

    /// <summary>No pod matches the selector.</summary>
    public const string NoPodsMatch = "DL1111";

    /// <summary>No matching pod became ready in time.</summary>
    public const string PodsNotReady = "DL1112";

    /// <summary>The pod has no container named DevLoopContainer.</summary>
    public const string ContainerNotInPod = "DL1114";

    /// <summary>Warning: the workload is managed by Argo CD or Flux.</summary>
    public const string ManagedByGitOps = "DL1115";

    /// <summary>Port-forward: the pod's container does not declare the container port in DevLoopPortForward.</summary>
    public const string ContainerPortNotDeclared = "DL1117";

    /// <summary>Port-forward: a forwarded connection failed in the pod (nothing listens there) or could not be opened.</summary>
    public const string PortForwardFailed = "DL1118";

    /// <summary>Reset: a changed pod has no controller.</summary>
    public const string BarePod = "DL1116";

    /// <summary>Unknown DevLoopTarget.</summary>
    public const string UnknownTarget = "DL2001";

    /// <summary>DevLoopContainer is needed (docker, or a pod with several containers) but not set.</summary>
    public const string ContainerNameMissing = "DL2002";

    /// <summary>DevLoopAppDir is not an absolute path without '..'.</summary>
    public const string BadAppDir = "DL2003";

    /// <summary>Unsupported DOCKER_HOST.</summary>
    public const string BadDockerHost = "DL2004";

    /// <summary>A setting has a bad value.</summary>
    public const string BadSetting = "DL2006";

    /// <summary>Settings that contradict each other, e.g. DevLoopContainer and DevLoopComposeService both set.</summary>
    public const string ConflictingSettings = "DL2007";

    /// <summary>Port-forward: the local port of DevLoopPortForward is in use by another program.</summary>
    public const string LocalPortInUse = "DL2008";

    /// <summary>Two services of one watch sync into the same target (container, Compose service or pods).</summary>
    public const string ServicesShareTarget = "DL2009";

    /// <summary>The kubeconfig has no context named DevLoopContext.</summary>
    public const string UnknownContext = "DL2101";

    /// <summary>The context is not on the allow list.</summary>
    public const string ContextNotAllowed = "DL2102";

    /// <summary>The kubeconfig (or a file it names) cannot be read or parsed.</summary>
    public const string KubeconfigUnreadable = "DL2103";

    /// <summary>No current-context and no DevLoopContext.</summary>
    public const string NoCurrentContext = "DL2104";

    /// <summary>The kubeconfig is incomplete or contradicts itself.</summary>
    public const string KubeconfigIncomplete = "DL2105";

    /// <summary>The exec credential plugin is not installed.</summary>
    public const string ExecPluginNotFound = "DL2106";

    /// <summary>The exec credential plugin failed.</summary>
    public const string ExecPluginFailed = "DL2107";

    /// <summary>The plugin answered something unusable, or cannot be run as configured.</summary>
    public const string ExecPluginInvalid = "DL2108";

    /// <summary>DevLoopWorkload is not KIND/NAME with a known kind, or has no usable selector.</summary>
    public const string BadWorkload = "DL2110";

    /// <summary>Neither DevLoopWorkload nor DevLoopSelector.</summary>
    public const string NoSelector = "DL2111";

    /// <summary>Both DevLoopWorkload and DevLoopSelector.</summary>
    public const string SelectorAndWorkload = "DL2112";

    /// <summary>The Docker context named does not exist.</summary>
    public const string DockerContextNotFound = "DL2201";

    /// <summary>The Docker config or a context's metadata cannot be used.</summary>
    public const string DockerContextUnusable = "DL2202";

    /// <summary>The Docker TLS files are missing or unusable.</summary>
    public const string DockerTlsFilesUnusable = "DL2203";

    /// <summary>The build output folder does not exist.</summary>
    public const string OutputDirMissing = "DL3001";

    /// <summary>Warning: the project's launchSettings.json cannot be read (local target).</summary>
    public const string LaunchSettingsUnreadable = "DL3003";

    /// <summary>The DeployDev task or its host program got bad parameters (a bug).</summary>
    public const string MissingTaskParameter = "DL4001";

    /// <summary>The agent was asked for a command it does not know.</summary>
    public const string UnknownAgentCommand = "DL4002";

    /// <summary>An unexpected failure (a bug) stopped one service of a solution's watch; the others go on.</summary>
    public const string UnexpectedFailure = "DL4003";

    /// <summary>watch/sync: the build or the sync failed.</summary>
    public const string BuildFailed = "DL5001";

    /// <summary>No project (or several) found.</summary>
    public const string ProjectNotFound = "DL5002";

    /// <summary>Bad command-line arguments.</summary>
    public const string BadArguments = "DL5003";

    /// <summary>watch: the local app exited.</summary>
    public const string AppExited = "DL5004";

    /// <summary>The project does not reference DevLoop.Build.</summary>
    public const string NotUsingDevLoopBuild = "DL5005";

    /// <summary>watch: the list of files to watch cannot be read.</summary>
    public const string WatchListUnreadable = "DL5006";
    public const string InProcessBuildUnavailable = "DL5007";
    public const string BuildWayUnknown = "DL5008";

    /// <summary>watch: hot reload cannot work for this project or session (it goes on building, syncing and restarting).</summary>
    public const string HotReloadUnavailable = "DL5009";

    /// <summary>watch: a target's app did not take a Hot Reload delta; it is restarted with the build.</summary>
    public const string HotReloadNotApplied = "DL5010";

    /// <summary>watch on a solution where no project is an app that references DevLoop.Build.</summary>
    public const string NoServicesInSolution = "DL5011";
}
