namespace DevLoop.Docker.Tests;

/// <summary>A container of the stock test image that only waits (and stops at once on SIGTERM), for tests that exec into it.</summary>
public sealed class SleepingContainer : IAsyncLifetime
{
    public string Name { get; } = "devloop-exec-" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        await Testing.Docker.EnsureReadyAsync();
        await Testing.Docker.OkAsync("run", "-d", "--name", Name, "--network", "host", Testing.Docker.StockImage, "sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done");
    }

    public async Task DisposeAsync() => await Testing.Docker.RunAsync("rm", "-f", Name);

    public async Task<DockerChannel> ChannelAsync(DockerApiClient client) =>
        new(client, await DockerContainerResolver.ResolveRunningAsync(client, Name, CancellationToken.None));
}
