using System.Globalization;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace DevLoop.Kubernetes.TestServer;

/// <summary>
/// A container's readinessProbe: httpGet (200-399 passes), tcpSocket or exec. Ports, by number or by
/// the name of a containerPort, mean the pod's own loopback port unless the container chose its own
/// listening address. Probes run more often than periodSeconds says, to keep tests fast; the
/// failure threshold still applies before a ready container turns unready.
/// </summary>
public sealed class ReadinessProbe
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });

    private readonly JsonObject _probe;
    private readonly int _port;

    private ReadinessProbe(JsonObject probe, int port)
    {
        _probe = probe;
        _port = port;
    }

    public TimeSpan InitialDelay => TimeSpan.FromSeconds(_probe.Int("initialDelaySeconds") ?? 0);

    public int FailureThreshold => (int)(_probe.Int("failureThreshold") ?? 3);

    public TimeSpan Timeout => TimeSpan.FromSeconds(_probe.Int("timeoutSeconds") ?? 1);

    /// <summary>How often to probe: fast until the first success, then at most once a second.</summary>
    public TimeSpan Interval(bool ready) => ready ? TimeSpan.FromSeconds(Math.Min(_probe.Int("periodSeconds") ?? 10, 1)) : TimeSpan.FromMilliseconds(250);

    /// <summary>Null when the container has no readiness probe: it is ready as soon as it runs.</summary>
    public static ReadinessProbe? For(JsonObject container, int podPort)
    {
        if (container["readinessProbe"] is not JsonObject probe)
        {
            return null;
        }

        var handler = probe["httpGet"] ?? probe["tcpSocket"];
        var port = podPort;
        if (handler is not null && ContainerLaunch.ListensOnOwnPort(container))
        {
            port = handler.Int("port") is { } number
                ? (int)number
                : (int)(container.Items("ports").FirstOrDefault(p => p.Str("name") == handler.Str("port")).Int("containerPort") ?? podPort);
        }

        return new ReadinessProbe(probe, port);
    }

    public async Task<bool> CheckAsync(string containerId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return await CheckOnceAsync(containerId, timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<bool> CheckOnceAsync(string containerId, CancellationToken cancellationToken)
    {
        if (_probe["httpGet"] is JsonObject httpGet)
        {
            var path = httpGet.Str("path") ?? "/";
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_port.ToString(CultureInfo.InvariantCulture)}{(path.StartsWith('/') ? path : "/" + path)}");
            foreach (var header in httpGet.Items("httpHeaders"))
            {
                request.Headers.TryAddWithoutValidation(header.Str("name")!, header.Str("value"));
            }

            using var response = await Http.SendAsync(request, cancellationToken);
            return (int)response.StatusCode is >= 200 and < 400;
        }

        if (_probe["tcpSocket"] is not null)
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", _port, cancellationToken);
            return true;
        }

        if (_probe["exec"]?["command"] is JsonArray command)
        {
            var arguments = new List<string> { "exec", containerId };
            arguments.AddRange(command.Select(c => c!.ToString()));
            return (await DockerCli.RunAsync(arguments, cancellationToken)).Ok;
        }

        return true;
    }
}
