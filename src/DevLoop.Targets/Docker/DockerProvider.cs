using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Docker;
using DevLoop.Docker.Compose;
using DevLoop.Targets.Providers;
using DevLoop.Targets.Settings;

namespace DevLoop.Targets.Docker;

/// <summary>
/// `docker`: through the Engine API, one running container named by DevLoopContainer, or every container
/// of the Compose service named by DevLoopComposeService.
/// </summary>
internal sealed class DockerProvider : ITargetProvider
{
    public string Name => "docker";

    public async Task<ITargetSession> OpenAsync(DevLoopSettings settings, IDevLoopLog log, CancellationToken cancellationToken)
    {
        var service = ComposeServiceOf(settings);
        var client = DockerApiClient.FromEnvironment();
        try
        {
            // Checked now, so a wrong name fails before the build's output is looked at.
            if (service is not null)
            {
                return await ComposeSession.OpenAsync(client, settings, service.Value.Service, service.Value.Origin, log, cancellationToken).ConfigureAwait(false);
            }

            var container = await DockerContainerResolver.ResolveRunningAsync(client, settings.Container, cancellationToken).ConfigureAwait(false);
            return new DockerSession(client, settings, container, log);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The Compose service the settings name, with where its project's name came from; null for a named container.</summary>
    internal static (ComposeService Service, string Origin)? ComposeServiceOf(DevLoopSettings settings)
    {
        if (settings.ComposeService is null)
        {
            return settings.ComposeProject is null
                ? null
                : throw new DevLoopException(ErrorCodes.ConflictingSettings, $"{SettingNames.ComposeProject} is '{settings.ComposeProject}' but {SettingNames.ComposeService} is not set. Set {SettingNames.ComposeService} to the service's name in the compose file (for example -p:{SettingNames.ComposeService}=web).");
        }

        if (settings.Container is not null)
        {
            throw new DevLoopException(ErrorCodes.ConflictingSettings, $"Both {SettingNames.Container} ('{settings.Container}') and {SettingNames.ComposeService} ('{settings.ComposeService}') are set. Choose one: a container by name, or every container of a Compose service.");
        }

        var (project, origin) = settings.ComposeProject is { } named
            ? (named, SettingNames.ComposeProject)
            : ComposeProjectName.For(settings.ProjectDir ?? Directory.GetCurrentDirectory(), Environment.GetEnvironmentVariable);
        return (new ComposeService(project, settings.ComposeService), origin);
    }
}
