using DevLoop.Kubernetes.Api;
using DevLoop.Kubernetes.Config;
using DevLoop.Kubernetes.Http;
using DevLoop.Kubernetes.TestServer;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.Api;

/// <summary>Pods watch against the API test server: initial events, changes, bookmarks, 410 in both forms, clean ends.</summary>
public sealed class PodWatchContractTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("devloop-watch");
    private KubeApiServer _server = null!;
    private KubeApiClient _client = null!;

    private static readonly Dictionary<string, string> Orders = new() { ["app"] = "orders" };

    public async Task InitializeAsync()
    {
        _server = await KubeApiServer.StartAsync();
        _server.Pods.Add("shop", "orders-1", Orders);
        _server.Pods.Add("shop", "web-1", new Dictionary<string, string> { ["app"] = "web" });
        _client = new KubeApiClient(KubeHttpClientFactory.Create(TestContexts.CertificateUser(_server, _dir)));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_watch_without_a_version_starts_with_what_exists_then_follows_changes_for_its_selector()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var events = new List<PodWatchEvent>();
        await foreach (var e in _client.WatchPodsAsync("shop", "app=orders", null, timeout.Token))
        {
            events.Add(e);
            if (events.Count == 1)
            {
                _server.Pods.Add("shop", "web-2", new Dictionary<string, string> { ["app"] = "web" });
                _server.Pods.Add("shop", "orders-2", Orders, ready: false);
                _server.Pods.SetReady("shop", "orders-2", true);
                _server.Pods.SetReady("shop", "orders-1", false);
                _server.Pods.Delete("shop", "orders-2");
            }

            if (events.Count == 5)
            {
                break;
            }
        }

        Assert.Equal(
            new[] { "ADDED orders-1", "ADDED orders-2", "MODIFIED orders-2", "MODIFIED orders-1", "DELETED orders-2" },
            events.Select(e => $"{e.Type} {e.Pod!.Metadata.Name}"));
        Assert.False(events[3].Pod!.IsReady);
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.ResourceVersion)));
    }

    [Fact]
    public async Task A_watch_from_a_version_replays_what_came_after_it_and_bookmarks_carry_only_a_version()
    {
        var list = await _client.ListPodsAsync("shop", "app=orders", CancellationToken.None);
        _server.Pods.SetReady("shop", "orders-1", false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var events = new List<PodWatchEvent>();
        await foreach (var e in _client.WatchPodsAsync("shop", "app=orders", list.Metadata.ResourceVersion, timeout.Token))
        {
            events.Add(e);
            if (events.Count == 1)
            {
                _server.Pods.Events.RequestBookmark();
            }
            else
            {
                break;
            }
        }

        Assert.Equal("MODIFIED", events[0].Type);
        Assert.Equal(PodWatchEvent.Bookmark, events[1].Type);
        Assert.Null(events[1].Pod);
        Assert.Equal(_server.Pods.ResourceVersion, events[1].ResourceVersion);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_too_old_version_is_WatchExpired_whether_the_server_says_410_or_sends_an_ERROR_event(bool asHttpStatus)
    {
        var old = (await _client.ListPodsAsync("shop", null, CancellationToken.None)).Metadata.ResourceVersion;
        _server.Pods.SetReady("shop", "web-1", false);
        _server.Pods.Events.ExpireHistory(_server.Pods.CurrentVersion);
        _server.ExpireAsHttpStatus = asHttpStatus;

        await Assert.ThrowsAsync<WatchExpiredException>(async () =>
        {
            await foreach (var e in _client.WatchPodsAsync("shop", null, old, CancellationToken.None))
            {
                Assert.Fail("no event was expected, got " + e.Type);
            }
        });
    }

    [Fact]
    public async Task A_watch_the_server_ends_completes_cleanly()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var ended = new CancellationTokenSource();
        var ender = Task.Run(async () =>
        {
            // As the API server's request timeout does; repeated so it cannot miss a watch that starts late.
            while (!ended.IsCancellationRequested)
            {
                await Task.Delay(200);
                _server.Pods.Events.EndWatches();
            }
        });
        var count = 0;
        await foreach (var e in _client.WatchPodsAsync("shop", null, _server.Pods.ResourceVersion, timeout.Token))
        {
            count++;
        }

        await ended.CancelAsync();
        await ender;
        Assert.Equal(0, count);
    }
}
