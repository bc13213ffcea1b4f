using DevLoop.Core.Errors;
using DevLoop.Kubernetes.Config;
using DevLoop.Kubernetes.Http;
using DevLoop.Testing;

namespace DevLoop.Kubernetes.Tests.Http;

/// <summary>When the plugin runs again, counted by a real plugin script.</summary>
public sealed class ExecCredentialCacheTests : IDisposable
{
    private static readonly KubeCluster Cluster = new(new Uri("https://127.0.0.1:6443"), null, false, null);
    private readonly TempDirectory _dir = new("devloop-exec-cache");
    private readonly FakeTime _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    private ExecCredentialCache Cache(string script)
    {
        var runner = new ExecPluginRunner(ExecPluginRunner.DefaultTimeout);
        var plugin = PluginScripts.Plugin(script);
        return new ExecCredentialCache(cancellationToken => runner.RunAsync(plugin, Cluster, cancellationToken), _time);
    }

    [Fact]
    public async Task Without_an_expiry_the_first_answer_is_kept()
    {
        using var cache = Cache(PluginScripts.TokenPlugin(_dir));

        _time.Now += TimeSpan.FromDays(30);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("token-1", (await cache.GetAsync(CancellationToken.None)).Token);
        }

        Assert.Equal(1, PluginScripts.Runs(_dir));
    }

    [Fact]
    public async Task An_expiring_answer_is_kept_until_shortly_before_its_expiry()
    {
        using var cache = Cache(PluginScripts.TokenPlugin(_dir, expires: "2030-01-01T01:00:00Z"));

        Assert.Equal("token-1", (await cache.GetAsync(CancellationToken.None)).Token);
        _time.Now = new DateTimeOffset(2030, 1, 1, 0, 59, 49, TimeSpan.Zero);
        Assert.Equal("token-1", (await cache.GetAsync(CancellationToken.None)).Token);

        _time.Now += ExecCredentialCache.ExpiryMargin;
        Assert.Equal("token-2", (await cache.GetAsync(CancellationToken.None)).Token);
        Assert.Equal(2, PluginScripts.Runs(_dir));
    }

    [Fact]
    public async Task A_rejected_credential_is_renewed_once_however_many_requests_saw_it_rejected()
    {
        using var cache = Cache(PluginScripts.TokenPlugin(_dir));
        var rejected = await cache.GetAsync(CancellationToken.None);

        var renewed = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => cache.RenewAfterRejectionAsync(rejected, CancellationToken.None)));

        Assert.All(renewed, credential => Assert.Equal("token-2", credential.Token));
        Assert.Equal("token-2", (await cache.GetAsync(CancellationToken.None)).Token);
        Assert.Equal(2, PluginScripts.Runs(_dir));
    }

    [Fact]
    public async Task Concurrent_requests_share_one_run()
    {
        using var cache = Cache(PluginScripts.Write(_dir, """
            sleep 0.3
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"shared"}}'
            """));

        var credentials = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => cache.GetAsync(CancellationToken.None)));

        Assert.All(credentials, credential => Assert.Equal("shared", credential.Token));
        Assert.Equal(1, PluginScripts.Runs(_dir));
    }

    [Fact]
    public async Task A_failed_renewal_is_not_cached_and_the_next_request_runs_the_plugin_again()
    {
        using var cache = Cache(PluginScripts.Write(_dir, """
            if [ "$RUN" = 2 ]; then echo "temporarily unavailable" >&2; exit 1; fi
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"token-'$RUN'"}}'
            """));
        var rejected = await cache.GetAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<DevLoopException>(() => cache.RenewAfterRejectionAsync(rejected, CancellationToken.None));

        Assert.Equal(ErrorCodes.ExecPluginFailed, error.Code);
        Assert.Equal("token-3", (await cache.GetAsync(CancellationToken.None)).Token);
    }
}
