using DevLoop.Kubernetes.Api;
using DevLoop.Kubernetes.Exec;
using DevLoop.Kubernetes.Target;

namespace DevLoop.Kubernetes.Tests.Target;

public sealed class PodChannelTests
{
    private static readonly IReadOnlyDictionary<string, string?> Marks = PodMarks.For(new DateTimeOffset(2026, 12, 1, 18, 0, 0, TimeSpan.Zero), "abc123");

    [Fact]
    public async Task A_pod_that_carries_these_marks_already_is_not_patched_again()
    {
        var requests = new CountingHandler();
        var annotations = Marks.ToDictionary(m => m.Key, m => m.Value!);
        var channel = Channel(requests, new Dictionary<string, string>(annotations) { ["other"] = "x" });

        await channel.RecordChangeAsync(CancellationToken.None);

        Assert.Equal(0, requests.Count);
    }

    [Fact]
    public async Task A_pod_without_them_or_with_older_ones_is_patched()
    {
        var unmarked = new CountingHandler();
        await Channel(unmarked, null).RecordChangeAsync(CancellationToken.None);
        var older = new CountingHandler();
        var olderMarks = PodMarks.For(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero), "abc123").ToDictionary(m => m.Key, m => m.Value!);
        await Channel(older, olderMarks).RecordChangeAsync(CancellationToken.None);

        Assert.Equal(1, unmarked.Count);
        Assert.Equal(1, older.Count);
    }

    private static PodChannel Channel(CountingHandler handler, Dictionary<string, string>? annotations)
    {
        var server = new Uri("https://127.0.0.1:6443/");
        var api = new KubeApiClient(new HttpClient(handler) { BaseAddress = server });
        var pod = new Pod(new ObjectMeta(Name: "web-1", Namespace: "dev", Uid: "u1", Annotations: annotations));
        return new PodChannel(api, new KubeExecClient(handler, server), "dev", pod, "web", Marks);
    }

    /// <summary>Answers every request with the pod, as a PATCH would, and counts them.</summary>
    private sealed class CountingHandler : HttpMessageHandler
    {
        public int Count { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Count++;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new StringContent("{\"metadata\":{\"name\":\"web-1\"}}", System.Text.Encoding.UTF8, "application/json"),
            });
        }
    }
}
