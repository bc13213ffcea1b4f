using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Docker;

namespace DevLoop.Build.Tasks;

/// <summary>Turns DevLoopTarget and its settings into a channel, checking them before anything is sent.</summary>
internal static class TargetFactory
{
    public static async Task<(SyncTarget Target, IDisposable? Owner)> CreateAsync(DeployArguments args, CancellationToken cancellationToken)
    {
        switch (args.Target.Trim().ToLowerInvariant())
        {
            case "local":
                return (CreateLocal(args), null);
            case "docker":
                ValidateAppDir(args.AppDir);
                var client = DockerApiClient.FromEnvironment();
                try
                {
                    var container = await DockerContainerResolver.ResolveRunningAsync(client, args.Container, cancellationToken).ConfigureAwait(false);
                    return (SyncTarget.WithAgentInAppDir(new DockerChannel(client, container), args.AppDir), client);
                }
                catch
                {
                    client.Dispose();
                    throw;
                }

            case "kubernetes":
                throw new DevLoopException(ErrorCodes.TargetNotSupportedYet, "DevLoopTarget 'kubernetes' is not available in this version of DevLoop yet. Use 'docker' or 'local'.");
            default:
                throw new DevLoopException(ErrorCodes.UnknownTarget, $"DevLoopTarget '{args.Target}' is not a known target. Use one of: local, docker, kubernetes.");
        }
    }

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
