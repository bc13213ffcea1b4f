using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DevLoop.Core.Errors;

namespace DevLoop.Kubernetes.Api;

/// <summary>The REST calls DevLoop makes: pods (get, list, watch, patch, delete, logs) and workloads (get), with Status errors turned into coded errors.</summary>
public sealed class KubeApiClient
{
    private readonly HttpClient _http;

    public KubeApiClient(HttpClient http)
    {
        _http = http;
    }

    /// <summary>Null when the pod does not exist.</summary>
    public Task<Pod?> GetPodAsync(string ns, string name, CancellationToken cancellationToken) =>
        GetOrNullAsync(PodPath(ns, name), "get", "pods", ns, KubeJsonContext.Default.Pod, cancellationToken);

    /// <summary>
    /// A Deployment, StatefulSet, DaemonSet or ReplicaSet by kind (singular, lower case, e.g.
    /// "deployment") and name; null when it does not exist.
    /// </summary>
    public async Task<Workload?> GetWorkloadAsync(string kind, string ns, string name, CancellationToken cancellationToken)
    {
        var resource = WorkloadKinds.Resource(kind);
        var workload = await GetOrNullAsync($"apis/apps/v1/namespaces/{E(ns)}/{resource}/{E(name)}", "get", resource + ".apps", ns, KubeJsonContext.Default.Workload, cancellationToken).ConfigureAwait(false);
        return workload is null ? null : workload with { Kind = WorkloadKinds.Canonical(kind) };
    }

    public async Task<PodList> ListPodsAsync(string ns, string? labelSelector, CancellationToken cancellationToken)
    {
        var query = string.IsNullOrEmpty(labelSelector) ? string.Empty : "?labelSelector=" + E(labelSelector);
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"api/v1/namespaces/{E(ns)}/pods{query}"), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "list", "pods", ns, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(KubeJsonContext.Default.PodList, cancellationToken).ConfigureAwait(false)
            ?? throw new DevLoopException(ErrorCodes.ApiRejected, "The API server answered a pod list with an empty body.");
    }

    /// <summary>
    /// Watches pods from <paramref name="resourceVersion"/> (null: synthetic ADDED events for what
    /// exists first). Ends when the server ends the stream, which means "reconnect from the last
    /// resourceVersion"; throws <see cref="WatchExpiredException"/> when that version is too old.
    /// </summary>
    public async IAsyncEnumerable<PodWatchEvent> WatchPodsAsync(string ns, string? labelSelector, string? resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = "?watch=1&allowWatchBookmarks=true"
            + (string.IsNullOrEmpty(labelSelector) ? string.Empty : "&labelSelector=" + E(labelSelector))
            + (string.IsNullOrEmpty(resourceVersion) ? string.Empty : "&resourceVersion=" + E(resourceVersion));
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"api/v1/namespaces/{E(ns)}/pods{query}"), cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Gone)
        {
            throw new WatchExpiredException($"resourceVersion {resourceVersion} is too old");
        }

        await EnsureSuccessAsync(response, "watch", "pods", ns, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0)
            {
                yield return WatchLine.Parse(line);
            }
        }
    }

    /// <summary>Sets (or, with a null value, removes) annotations on a pod with a JSON merge patch.</summary>
    public async Task<Pod> AnnotatePodAsync(string ns, string name, IReadOnlyDictionary<string, string?> annotations, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(AnnotationsPatch.Of(annotations), KubeJsonContext.Default.AnnotationsPatch);
        var request = new HttpRequestMessage(HttpMethod.Patch, PodPath(ns, name))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/merge-patch+json") } },
        };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "patch", "pods", ns, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(KubeJsonContext.Default.Pod, cancellationToken).ConfigureAwait(false)
            ?? throw new DevLoopException(ErrorCodes.ApiRejected, $"The API server answered the patch of pod '{name}' with an empty body.");
    }

    /// <summary>Deletes a pod; false when it was already gone.</summary>
    public async Task<bool> DeletePodAsync(string ns, string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, PodPath(ns, name)), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, "delete", "pods", ns, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The log lines of a pod's container as they are written. Ends when the server ends the stream
    /// (the container stopped or the pod went away).
    /// </summary>
    public async IAsyncEnumerable<string> FollowLogsAsync(string ns, string pod, string container, int? tailLines, int? sinceSeconds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = $"?follow=true&container={E(container)}"
            + (tailLines is { } tail ? $"&tailLines={tail}" : string.Empty)
            + (sinceSeconds is { } since ? $"&sinceSeconds={since}" : string.Empty);
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, PodPath(ns, pod) + "/log" + query), cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "get", "pods/log", ns, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                // The server cut the stream (pod deleted, node gone): the same as its end.
                yield break;
            }

            if (line is null)
            {
                yield break;
            }

            yield return line;
        }
    }

    private static string PodPath(string ns, string name) => $"api/v1/namespaces/{E(ns)}/pods/{E(name)}";

    private static string E(string text) => Uri.EscapeDataString(text);

    private async Task<T?> GetOrNullAsync<T>(string path, string verb, string resource, string ns, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, verb, resource, ns, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string verb, string resource, string ns, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await KubeApiException.FromResponseAsync(response, verb, resource, ns, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using (request)
        {
            try
            {
                return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new DevLoopException(ErrorCodes.ApiServerUnreachable, $"Cannot reach the API server at {_http.BaseAddress}: {e.GetBaseException().Message}. Check that the cluster is running and that the kubeconfig's server and certificate authority are right.", e);
            }
        }
    }
}
