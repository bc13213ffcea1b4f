using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.TestServer;

/// <summary>
/// An image with the sample web app baked into /app (built once per run, without the agent), so a
/// pod can serve HTTP on its port: run it with command ["dotnet", "SampleWeb.dll"].
/// </summary>
public sealed class WebAppImage : IAsyncLifetime
{
    public const string Message = "served from a test-server pod";

    private readonly TempDirectory _dir = new("devloop-kts-web");

    public string Image { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        await Testing.Docker.EnsureReadyAsync();
        var output = await SampleApp.BuildAsync(_dir.Path, Message, includeAgent: false);
        Image = await Testing.Docker.BakeImageAsync(Testing.Docker.StockImage, output);
    }

    public async Task DisposeAsync()
    {
        if (Image.Length > 0)
        {
            await Testing.Docker.RunAsync("rmi", "-f", Image);
        }

        _dir.Dispose();
    }
}

/// <summary>Tests whose pods are real containers: one at a time, sharing the baked web app image.</summary>
[CollectionDefinition(Name)]
public sealed class TestServerCollection : ICollectionFixture<WebAppImage>
{
    public const string Name = "test-server pods";
}
