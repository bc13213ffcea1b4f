using DevLoop.Testing;

namespace DevLoop.Docker.Tests;

/// <summary>The sample app built once per run: v1 and v2, with and without the agent.</summary>
public sealed class SampleBuilds : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("devloop-samples");

    public string V1 { get; private set; } = string.Empty;

    public string V2 { get; private set; } = string.Empty;

    /// <summary>A third content, for two copies of a project syncing different code at once.</summary>
    public string V3 { get; private set; } = string.Empty;

    public string V1WithoutAgent { get; private set; } = string.Empty;

    public string V2WithoutAgent { get; private set; } = string.Empty;

    public string V1Net8 { get; private set; } = string.Empty;

    public string V2Net8 { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        await Testing.Docker.EnsureReadyAsync();
        V1 = await SampleApp.BuildAsync(_dir.Combine("a"), "v1");
        V2 = await SampleApp.BuildAsync(_dir.Combine("a"), "v2");
        V3 = await SampleApp.BuildAsync(_dir.Combine("a"), "v3");
        V1WithoutAgent = await SampleApp.BuildAsync(_dir.Combine("b"), "v1", includeAgent: false);
        V2WithoutAgent = await SampleApp.BuildAsync(_dir.Combine("b"), "v2", includeAgent: false);
        V1Net8 = await SampleApp.BuildAsync(_dir.Combine("c"), "v1", framework: "net8.0");
        V2Net8 = await SampleApp.BuildAsync(_dir.Combine("c"), "v2", framework: "net8.0");
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}
