using System.Net;
using System.Text.Json;
using DevLoop.Core.Errors;

namespace DevLoop.Kubernetes.Api;

/// <summary>Turns an API server's Status answer into a coded error that says what to do.</summary>
internal static class KubeApiException
{
    public static async Task<DevLoopException> FromResponseAsync(HttpResponseMessage response, string verb, string resource, string? ns, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        KubeStatus? status = null;
        try
        {
            status = JsonSerializer.Deserialize(body, KubeJsonContext.Default.KubeStatus);
        }
        catch (JsonException)
        {
            status = null;
        }

        var message = status?.Message ?? (body.Length > 300 ? body[..300] : body);
        var where = ns is null ? string.Empty : $" in namespace '{ns}'";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new DevLoopException(ErrorCodes.ApiUnauthorized, $"The API server rejected the credentials of the kubeconfig user (401: {message}). Log in again or refresh the credentials, then retry."),
            HttpStatusCode.Forbidden => new DevLoopException(ErrorCodes.ApiForbidden, $"Not allowed to {verb} {resource}{where} (403: {message}). DevLoop needs the RBAC verb '{verb}' on '{resource}'; ask for it or use a context that has it."),
            _ => new DevLoopException(ErrorCodes.ApiRejected, $"The API server refused to {verb} {resource}{where}: {(int)response.StatusCode} {status?.Reason} {message}".TrimEnd()),
        };
    }
}
