using DevLoop.Core.Logging;
using DevLoop.Docker;
using DevLoop.Targets.Providers;
using DevLoop.Targets.Settings;

namespace DevLoop.Targets.Docker;

/// <summary>`docker`: one running container, named by DevLoopContainer, through the Engine API.</summary>
internal sealed class DockerProvider : ITargetProvider
{
    public string Name => "docker";

    public async Task<ITargetSession> OpenAsync(DevLoopSettings settings, IDevLoopLog log, CancellationToken cancellationToken)
    {
        var client = DockerApiClient.FromEnvironment();
        try
        {
            // Checked now, so a wrong name fails before the build's output is looked at.
            var container = await DockerContainerResolver.ResolveRunningAsync(client, settings.Container, cancellationToken).ConfigureAwait(false);
            return new DockerSession(client, settings, container, log);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
