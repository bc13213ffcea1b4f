using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Core.Sources;
using DevLoop.Core.Sync;
using DevLoop.Docker;
using DevLoop.Kubernetes.Target;

namespace DevLoop.Build.Tasks;

/// <summary>The targets of one DeployDev, what owns their connections, and how the summary names them.</summary>
internal sealed record Targets(IReadOnlyList<SyncTarget> List, TargetGroup? Group, IDisposable? Owner);

/// <summary>Turns DevLoopTarget and its settings into channels, checking them before anything is sent.</summary>
internal static class TargetFactory
{
    public static async Task<Targets> CreateAsync(DeployArguments args, IDevLoopLog log, CancellationToken cancellationToken)
    {
        switch (args.Target.Trim().ToLowerInvariant())
        {
            case "local":
                return new Targets(new[] { CreateLocal(args) }, null, null);
            case "docker":
                ValidateAppDir(args.AppDir);
                var client = DockerApiClient.FromEnvironment();
                try
                {
                    var container = await DockerContainerResolver.ResolveRunningAsync(client, args.Container, cancellationToken).ConfigureAwait(false);
                    return new Targets(new[] { SyncTarget.WithAgentInAppDir(new DockerChannel(client, container), args.AppDir) }, null, client);
                }
                catch
                {
                    client.Dispose();
                    throw;
                }

            case "kubernetes":
                ValidateAppDir(args.AppDir);
                var kubernetes = await KubernetesTarget.OpenAsync(KubernetesSettingsOf(args), GitHead.Find(args.ProjectDir ?? args.OutputDir), log, cancellationToken).ConfigureAwait(false);
                try
                {
                    return new Targets(await kubernetes.ReadyTargetsAsync(cancellationToken).ConfigureAwait(false), kubernetes.Group, kubernetes);
                }
                catch
                {
                    kubernetes.Dispose();
                    throw;
                }

            default:
                throw new DevLoopException(ErrorCodes.UnknownTarget, $"DevLoopTarget '{args.Target}' is not a known target. Use one of: local, docker, kubernetes.");
        }
    }

    public static KubernetesSettings KubernetesSettingsOf(DeployArguments args) => new(
        args.Kubeconfig,
        args.Context,
        args.Namespace,
        args.Selector,
        args.Workload,
        args.Container,
        args.AllowedContexts,
        args.AppDir,
        KubernetesSettings.ParseReadyTimeout(args.ReadyTimeout));

    private static SyncTarget CreateLocal(DeployArguments args)
    {
        var agent = Path.Combine(args.OutputDir, SyncTarget.AgentFileName);
        if (!File.Exists(agent))
        {
            throw new DevLoopException(ErrorCodes.AgentMissingInOutput, $"The DevLoop agent is not in the build output ('{agent}'). It is added to Debug builds of apps that reference DevLoop.Build; set DevLoopIncludeAgent=true for other configurations.");
        }

        var sandbox = Path.GetFullPath(args.LocalDir);
        Directory.CreateDirectory(sandbox);
        var dotnet = string.IsNullOrEmpty(args.DotNetHostPath) ? "dotnet" : args.DotNetHostPath!;
        return new SyncTarget(new LocalProcessChannel(sandbox), sandbox, new[] { dotnet, "exec", agent });
    }

    private static void ValidateAppDir(string appDir)
    {
        if (string.IsNullOrWhiteSpace(appDir) || !appDir.StartsWith('/') || appDir.Contains("..", StringComparison.Ordinal))
        {
            throw new DevLoopException(ErrorCodes.BadAppDir, $"DevLoopAppDir '{appDir}' must be an absolute path in the container without '..' (for example /app).");
        }
    }
}
