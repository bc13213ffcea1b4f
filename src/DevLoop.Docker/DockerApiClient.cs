using DevLoop.Core.Errors;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace DevLoop.Docker;

/// <summary>
/// The Docker Engine API calls DevLoop needs, through Docker.DotNet.Enhanced, with the API version
/// negotiated as the docker CLI does (the lower of the daemon's and the library's) and failures as coded errors.
/// </summary>
public sealed class DockerApiClient : IDisposable
{
    /// <summary>Docker.DotNet.Enhanced 4.3.3 is generated against Docker Engine 29.4, API 1.54; older daemons are spoken to in theirs.</summary>
    public const string PreferredApiVersion = "1.54";

    private readonly SemaphoreSlim _connecting = new(1, 1);
    private DockerClient? _client;
    private System.Version? _apiVersion;

    public DockerApiClient(DockerEndpoint endpoint)
    {
        Endpoint = endpoint;
    }

    public DockerEndpoint Endpoint { get; }

    public static DockerApiClient FromEnvironment() => new(DockerEndpoint.FromEnvironment());

    /// <summary>The version prefix every request carries, e.g. "v1.41/".</summary>
    public async Task<string> GetApiPrefixAsync(CancellationToken cancellationToken)
    {
        await ClientAsync(cancellationToken).ConfigureAwait(false);
        return "v" + _apiVersion!.ToString(2) + "/";
    }

    /// <summary>Null when no container has that name or id.</summary>
    public async Task<ContainerInspect?> InspectContainerAsync(string nameOrId, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        return await CallAsync("inspect container " + nameOrId, async ct =>
        {
            try
            {
                return ContainerInspect.From(await client.Containers.InspectContainerAsync(nameOrId, ct).ConfigureAwait(false));
            }
            catch (DockerContainerNotFoundException)
            {
                return (ContainerInspect?)null;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The container with this exact name, or else the one whose id starts with it (as the docker CLI
    /// finds one); null when none or several match. Through the container list, whose small answer a
    /// cold process reads ~150 ms sooner than an inspect's (its models are a fraction of the size).
    /// </summary>
    public async Task<ContainerInspect?> FindContainerAsync(string nameOrId, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        return await CallAsync("find container " + nameOrId, async ct =>
        {
            var byName = await ListAsync("name", "^/" + System.Text.RegularExpressions.Regex.Escape(nameOrId.TrimStart('/')) + "$").ConfigureAwait(false);
            if (byName.Count == 1)
            {
                return ContainerInspect.From(byName[0]);
            }

            var byId = nameOrId.All(Uri.IsHexDigit) ? await ListAsync("id", nameOrId).ConfigureAwait(false) : Array.Empty<ContainerListResponse>();
            return byId.Count == 1 ? ContainerInspect.From(byId[0]) : null;

            async Task<IList<ContainerListResponse>> ListAsync(string filter, string value) =>
                await client.Containers.ListContainersAsync(
                    new ContainersListParameters { All = true, Filters = new Dictionary<string, IDictionary<string, bool>> { [filter] = new Dictionary<string, bool> { [value] = true } } },
                    ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every container, running or not, that carries all these labels (key=value; an empty value: the key with any value), in name order.</summary>
    public async Task<IReadOnlyList<ContainerInspect>> ListContainersWithLabelsAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new ContainersListParameters { All = true, Filters = LabelFilters(labels) };
        var found = await CallAsync("list containers labelled " + string.Join(", ", labels.Select(l => l.Key + "=" + l.Value)), ct => client.Containers.ListContainersAsync(parameters, ct), cancellationToken).ConfigureAwait(false);
        return found.Select(ContainerInspect.From).OrderBy(c => c.ShortName, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Until the token fires or the stream ends: the start, die and destroy events of containers that carry
    /// all these labels, each reported with the container's id. Events before the call are not replayed.
    /// </summary>
    public async Task MonitorContainerEventsAsync(IReadOnlyDictionary<string, string> labels, Action<string, string> onEvent, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        var filters = LabelFilters(labels);
        filters["type"] = new Dictionary<string, bool> { ["container"] = true };
        filters["event"] = new Dictionary<string, bool> { ["start"] = true, ["die"] = true, ["destroy"] = true, ["health_status"] = true };
        var progress = new EventCallback(message => onEvent(message.Action ?? string.Empty, message.Actor?.ID ?? string.Empty));
        await CallAsync("follow container events", async ct =>
        {
            await client.System.MonitorEventsAsync(new ContainerEventsParameters { Filters = filters }, progress, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the path exists in the container's file system (HEAD on the archive endpoint; no shell needed).</summary>
    public async Task<bool> PathExistsAsync(string containerId, string path, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        return await CallAsync("stat " + path, async ct =>
        {
            try
            {
                await client.Containers.GetArchiveFromContainerAsync(containerId, new ContainerPathStatParameters { Path = path }, statOnly: true, ct).ConfigureAwait(false);
                return true;
            }
            catch (DockerContainerNotFoundException)
            {
                // The archive endpoint answers 404 for a missing path as for a missing container.
                return false;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task RestartContainerAsync(string containerId, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new ContainerRestartParameters { WaitBeforeKillSeconds = (uint)timeoutSeconds };
        await CallAsync("restart container " + containerId, async ct =>
        {
            await client.Containers.RestartContainerAsync(containerId, parameters, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The container's stdout and stderr, following until it stops or the token fires.</summary>
    /// <param name="tail">How many lines from the end, or "all".</param>
    public async Task<MultiplexedStream> GetLogStreamAsync(string containerId, bool follow, string tail, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Follow = follow, Tail = tail };
        return await CallAsync("read the logs of " + containerId, ct => client.Containers.GetContainerLogsAsync(containerId, parameters, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates an exec without a TTY and attaches to it: stdout and stderr multiplexed, stdin if asked for.</summary>
    internal async Task<(string ExecId, MultiplexedStream Stream)> StartExecAsync(string containerId, IReadOnlyList<string> argv, bool attachStdin, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        var create = new ContainerExecCreateParameters { AttachStdin = attachStdin, AttachStdout = true, AttachStderr = true, TTY = false, Cmd = argv.ToList() };
        var created = await CallAsync("create an exec in " + containerId, ct => client.Exec.CreateContainerExecAsync(containerId, create, ct), cancellationToken).ConfigureAwait(false);
        var stream = await CallAsync("start an exec in " + containerId, ct => client.Exec.StartContainerExecAsync(created.ID, new ContainerExecStartParameters { Detach = false, TTY = false }, ct), cancellationToken).ConfigureAwait(false);
        return (created.ID, stream);
    }

    /// <summary>The exec's exit code once it has one; the engine may report it a moment after the output ended.</summary>
    internal async Task<int> WaitForExitCodeAsync(string execId, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        var delay = TimeSpan.FromMilliseconds(2);
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(15); waited += delay, delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(100).Ticks)))
        {
            var inspect = await CallAsync("inspect exec " + execId, ct => client.Exec.InspectContainerExecAsync(execId, ct), cancellationToken).ConfigureAwait(false);
            if (!inspect.Running && inspect.ExitCode is { } code)
            {
                return (int)code;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        throw new DevLoopException(ErrorCodes.ExecFailed, $"The command in the container ended its output but the Docker engine reported no exit code for it within 15 s (exec {execId}).");
    }

    public void Dispose()
    {
        _client?.Dispose();
        _connecting.Dispose();
    }

    internal Task<T> CallAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        DockerFailures.RunAsync(Endpoint, what, call, cancellationToken, answeredBefore: Volatile.Read(ref _client) is not null);

    /// <summary>The library client, made on first use once the daemon has said which API version it speaks.</summary>
    internal async Task<DockerClient> ClientAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _client) is { } ready)
        {
            return ready;
        }

        await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_client is not null)
            {
                return _client;
            }

            var tls = DockerClientFactory.TlsOf(Endpoint);
            using (var probe = DockerClientFactory.Create(Endpoint, tls, apiVersion: null))
            {
                var version = await CallAsync("report its version", ct => probe.System.GetVersionAsync(ct), cancellationToken).ConfigureAwait(false);
                _apiVersion = Negotiate(version.APIVersion);
            }

            Volatile.Write(ref _client, DockerClientFactory.Create(Endpoint, tls, _apiVersion));
            return _client!;
        }
        finally
        {
            _connecting.Release();
        }
    }

    private static Dictionary<string, IDictionary<string, bool>> LabelFilters(IReadOnlyDictionary<string, string> labels) => new()
    {
        ["label"] = labels.ToDictionary(l => l.Value.Length == 0 ? l.Key : l.Key + "=" + l.Value, _ => true),
    };

    /// <summary>Calls back on the thread that read the event, unlike <see cref="Progress{T}"/>, which posts to the pool and can reorder.</summary>
    private sealed class EventCallback(Action<Message> onEvent) : IProgress<Message>
    {
        public void Report(Message value) => onEvent(value);
    }

    private static System.Version Negotiate(string daemon)
    {
        var preferred = System.Version.Parse(PreferredApiVersion);
        return System.Version.TryParse(daemon, out var offered) && offered < preferred ? offered : preferred;
    }
}
