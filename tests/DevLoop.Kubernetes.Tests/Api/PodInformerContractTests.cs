using DevLoop.Core.Logging;
using DevLoop.Kubernetes.Api;
using DevLoop.Kubernetes.Http;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.Api;

/// <summary>The list-then-watch loop against the API test server: reconnects after a watch ends, lists again after 410.</summary>
public sealed class PodInformerContractTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Orders = new() { ["app"] = "orders" };
    private readonly TempDirectory _dir = new("devloop-informer");
    private KubeApiServer _server = null!;
    private PodInformer _informer = null!;

    public async Task InitializeAsync()
    {
        _server = await KubeApiServer.StartAsync();
        _server.Pods.Add("shop", "orders-1", Orders);
        _server.Pods.Add("shop", "web-1", new Dictionary<string, string> { ["app"] = "web" });
        var client = new KubeApiClient(KubeHttpClientFactory.Create(TestContexts.CertificateUser(_server, _dir)));
        _informer = new PodInformer(client, "shop", "app=orders", NullLog.Instance, TimeSpan.FromMilliseconds(100));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task After_the_server_ends_a_watch_it_goes_on_from_the_last_version_without_repeating_events()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var events = _informer.RunAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);

        Assert.Equal("ADDED orders-1", await NextAsync(events));
        Assert.Equal(new[] { "orders-1" }, _informer.FirstListed);
        _server.Pods.Add("shop", "orders-2", Orders);
        Assert.Equal("ADDED orders-2", await NextAsync(events));

        using var ending = new CancellationTokenSource();
        var ender = EndWatchesUntilAsync(ending.Token);
        await Task.Delay(500);
        _server.Pods.Add("shop", "orders-3", Orders);
        Assert.Equal("ADDED orders-3", await NextAsync(events));
        await ending.CancelAsync();
        await ender;

        _server.Pods.Delete("shop", "orders-1");
        Assert.Equal("DELETED orders-1", await NextAsync(events));
        Assert.Equal(new[] { "orders-2", "orders-3" }, _informer.Known.Keys.Order());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task When_its_version_expired_it_lists_again_and_reports_what_changed_meanwhile(bool asHttpStatus)
    {
        _server.ExpireAsHttpStatus = asHttpStatus;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var events = _informer.RunAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.Equal("ADDED orders-1", await NextAsync(events));

        // Nothing is read while the caller does not ask, so these happen "while disconnected".
        _server.Pods.Delete("shop", "orders-1");
        _server.Pods.Add("shop", "orders-9", Orders);
        _server.Pods.Events.ExpireHistory(_server.Pods.CurrentVersion);

        var changes = new[] { await NextAsync(events), await NextAsync(events) };
        Assert.Equal(new[] { "ADDED orders-9", "DELETED orders-1" }, changes);

        _server.Pods.SetReady("shop", "orders-9", false);
        Assert.Equal("MODIFIED orders-9", await NextAsync(events));
    }

    private static async Task<string> NextAsync(IAsyncEnumerator<PodWatchEvent> events)
    {
        Assert.True(await events.MoveNextAsync());
        return $"{events.Current.Type} {events.Current.Pod!.Metadata.Name}";
    }

    private async Task EndWatchesUntilAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            _server.Pods.Events.EndWatches();
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
