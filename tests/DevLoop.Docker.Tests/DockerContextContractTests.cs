using DevLoop.Core.Errors;
using DevLoop.Docker.Tests.Endpoints;

namespace DevLoop.Docker.Tests;

/// <summary>The real engine reached through a Docker context, as after `docker context use` (colima, Rancher Desktop, OrbStack).</summary>
[Collection(DockerCollection.Name)]
public sealed class DockerContextContractTests : IAsyncLifetime
{
    private readonly SleepingContainer _container = new();
    private readonly DockerConfigFolder _config = new();

    public Task InitializeAsync() => _container.InitializeAsync();

    public async Task DisposeAsync()
    {
        _config.Dispose();
        await _container.DisposeAsync();
    }

    [Fact]
    public async Task The_current_context_leads_to_the_engine_and_exec_works_through_it()
    {
        _config.CurrentContext("devloop-local").Context("devloop-local", "unix://" + DockerEndpoint.DefaultUnixSocket);
        using var client = new DockerApiClient(_config.Resolver().Resolve());

        var channel = await _container.ChannelAsync(client);
        var result = await channel.ExecAsync(new[] { "sh", "-c", "echo through-context" }, null, CancellationToken.None);

        Assert.Equal("devloop-local", client.Endpoint.Context);
        Assert.Equal("through-context\n", result.Stdout);
    }

    [Fact]
    public async Task A_context_whose_engine_is_not_there_is_a_coded_error_naming_the_context_and_address()
    {
        _config.CurrentContext("colima").Context("colima", "unix:///tmp/devloop-no-colima/docker.sock");
        using var client = new DockerApiClient(_config.Resolver().Resolve());

        var error = await Assert.ThrowsAsync<DevLoopException>(() => client.InspectContainerAsync(_container.Name, CancellationToken.None));

        Assert.Equal(ErrorCodes.DockerUnreachable, error.Code);
        Assert.Contains("context 'colima'", error.Message);
        Assert.Contains("unix:///tmp/devloop-no-colima/docker.sock", error.Message);
        Assert.Contains("docker context use", error.Message);
    }

    [Fact]
    public async Task A_missing_container_names_the_context_it_was_looked_for_in()
    {
        _config.CurrentContext("devloop-local").Context("devloop-local", "unix://" + DockerEndpoint.DefaultUnixSocket);
        using var client = new DockerApiClient(_config.Resolver().Resolve());

        var error = await Assert.ThrowsAsync<DevLoopException>(() => DockerContainerResolver.ResolveRunningAsync(client, "devloop-no-such-container", CancellationToken.None));

        Assert.Equal(ErrorCodes.ContainerNotFound, error.Code);
        Assert.Contains("Docker context 'devloop-local'", error.Message);
    }
}
