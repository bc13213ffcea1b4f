using System.Net;
using System.Net.Http.Json;
using DevLoop.Core.Errors;

namespace DevLoop.Kubernetes.Api;

/// <summary>Pods over REST: get and list, with Status errors turned into coded errors.</summary>
public sealed class KubeApiClient
{
    private readonly HttpClient _http;

    public KubeApiClient(HttpClient http)
    {
        _http = http;
    }

    /// <summary>Null when the pod does not exist.</summary>
    public async Task<Pod?> GetPodAsync(string ns, string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync($"api/v1/namespaces/{Uri.EscapeDataString(ns)}/pods/{Uri.EscapeDataString(name)}", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await KubeApiException.FromResponseAsync(response, "get", "pods", ns, cancellationToken).ConfigureAwait(false);
        }

        return await response.Content.ReadFromJsonAsync(KubeJsonContext.Default.Pod, cancellationToken).ConfigureAwait(false);
    }

    public async Task<PodList> ListPodsAsync(string ns, string? labelSelector, CancellationToken cancellationToken)
    {
        var query = string.IsNullOrEmpty(labelSelector) ? string.Empty : "?labelSelector=" + Uri.EscapeDataString(labelSelector);
        using var response = await SendAsync($"api/v1/namespaces/{Uri.EscapeDataString(ns)}/pods{query}", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await KubeApiException.FromResponseAsync(response, "list", "pods", ns, cancellationToken).ConfigureAwait(false);
        }

        return await response.Content.ReadFromJsonAsync(KubeJsonContext.Default.PodList, cancellationToken).ConfigureAwait(false)
            ?? throw new DevLoopException(KubeApiErrors.Rejected, "The API server answered a pod list with an empty body.");
    }

    /// <summary>
    /// Watches pods from <paramref name="resourceVersion"/> (null: synthetic ADDED events for what
    /// exists first). Ends when the server ends the stream, which means "reconnect from the last
    /// resourceVersion"; throws <see cref="WatchExpiredException"/> when that version is too old.
    /// </summary>
    public async IAsyncEnumerable<PodWatchEvent> WatchPodsAsync(string ns, string? labelSelector, string? resourceVersion, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = "?watch=1&allowWatchBookmarks=true"
            + (string.IsNullOrEmpty(labelSelector) ? string.Empty : "&labelSelector=" + Uri.EscapeDataString(labelSelector))
            + (string.IsNullOrEmpty(resourceVersion) ? string.Empty : "&resourceVersion=" + Uri.EscapeDataString(resourceVersion));
        using var response = await SendAsync($"api/v1/namespaces/{Uri.EscapeDataString(ns)}/pods{query}", cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Gone)
        {
            throw new WatchExpiredException($"resourceVersion {resourceVersion} is too old");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await KubeApiException.FromResponseAsync(response, "watch", "pods", ns, cancellationToken).ConfigureAwait(false);
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0)
            {
                yield return WatchLine.Parse(line);
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string path, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        try
        {
            return await _http.GetAsync(path, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new DevLoopException(KubeApiErrors.Unreachable, $"Cannot reach the API server at {_http.BaseAddress}: {e.GetBaseException().Message}. Check that the cluster is running and that the kubeconfig's server and certificate authority are right.", e);
        }
    }
}
