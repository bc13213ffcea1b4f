using System.Collections.Concurrent;
using DevLoop.Docker.Compose;
using DevLoop.Testing;

namespace DevLoop.Docker.Tests.Compose;

/// <summary>The Engine API calls behind Compose services: containers listed by label, and their events.</summary>
[Collection(DockerCollection.Name)]
public sealed class ComposeLabelsContractTests : IAsyncLifetime
{
    private readonly DockerApiClient _client = DockerApiClient.FromEnvironment();
    private readonly ComposeService _web = new("devloop-test-" + Guid.NewGuid().ToString("N")[..8], "web");
    private readonly List<string> _names = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var name in _names)
        {
            await Testing.Docker.RunAsync("rm", "-f", name);
        }

        _client.Dispose();
    }

    private async Task<string> SleeperAsync(params string[] labels)
    {
        var name = "devloop-test-" + Guid.NewGuid().ToString("N")[..10];
        _names.Add(name);
        var arguments = new List<string> { "run", "-d", "--name", name, "--network", "host" };
        foreach (var label in labels)
        {
            arguments.AddRange(new[] { "--label", label });
        }

        arguments.AddRange(new[] { Testing.Docker.StockImage, "sleep", "300" });
        return (await Testing.Docker.OkAsync(arguments.ToArray())).Trim();
    }

    [Fact]
    public async Task Containers_are_listed_by_both_labels_running_or_not_with_their_labels()
    {
        var project = $"{ComposeService.ProjectLabel}={_web.Project}";
        var a = await SleeperAsync(project, $"{ComposeService.ServiceLabel}=web");
        var b = await SleeperAsync(project, $"{ComposeService.ServiceLabel}=web");
        await SleeperAsync(project, $"{ComposeService.ServiceLabel}=api");
        await SleeperAsync($"{ComposeService.ProjectLabel}=another", $"{ComposeService.ServiceLabel}=web");
        await Testing.Docker.OkAsync("stop", "-t", "0", b);

        var listed = await _client.ListContainersWithLabelsAsync(_web.Labels, CancellationToken.None);

        Assert.Equal(new[] { a, b }.Order(), listed.Select(c => c.Id).Order());
        Assert.Equal(new[] { true, false }, new[] { a, b }.Select(id => listed.Single(c => c.Id == id).State.Running));
        Assert.All(listed, c => Assert.Equal("web", c.Config.Labels[ComposeService.ServiceLabel]));
    }

    [Fact]
    public async Task Events_report_the_start_and_death_of_labelled_containers_only()
    {
        var events = new ConcurrentQueue<(string Action, string Id)>();
        using var stop = new CancellationTokenSource();
        var monitor = _client.MonitorContainerEventsAsync(_web.Labels, (action, id) => events.Enqueue((action, id)), stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var unlabelled = await SleeperAsync();
        var labelled = await SleeperAsync($"{ComposeService.ProjectLabel}={_web.Project}", $"{ComposeService.ServiceLabel}=web");
        await Testing.Docker.OkAsync("rm", "-f", labelled);
        for (var i = 0; i < 100 && !events.Any(e => e.Action == "destroy"); i++)
        {
            await Task.Delay(100);
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => monitor);
        Assert.Contains(("start", labelled), events);
        Assert.Contains(("die", labelled), events);
        Assert.Contains(("destroy", labelled), events);
        Assert.DoesNotContain(events, e => e.Id == unlabelled);
    }
}
