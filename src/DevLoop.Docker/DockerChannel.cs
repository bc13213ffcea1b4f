using DevLoop.Core.Channels;

namespace DevLoop.Docker;

/// <summary>The `docker` target: exec in one running container through the Engine API.</summary>
public sealed class DockerChannel : ITargetChannel, IContainerRestarter, IDuplexExecChannel
{
    private readonly DockerApiClient _client;
    private readonly HijackedExec _exec;

    public DockerChannel(DockerApiClient client, ContainerInspect container)
    {
        _client = client;
        _exec = new HijackedExec(client);
        ContainerId = container.Id;
        DisplayName = $"container '{container.Name.TrimStart('/')}' ({container.Id[..12]})";
    }

    public string ContainerId { get; }

    public string DisplayName { get; }

    public string Identity => "docker:" + ContainerId;

    public Task<ExecResult> ExecAsync(IReadOnlyList<string> argv, Stream? stdin, CancellationToken cancellationToken) =>
        _exec.RunAsync(ContainerId, argv, stdin, cancellationToken);

    public Task<IDuplexExec> StartDuplexAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken) =>
        DockerDuplexExec.StartAsync(_client, ContainerId, argv, cancellationToken);

    public Task<bool> DirectoryExistsAsync(string path, CancellationToken cancellationToken) =>
        _client.PathExistsAsync(ContainerId, path, cancellationToken);

    public Task RestartContainerAsync(CancellationToken cancellationToken) =>
        _client.RestartContainerAsync(ContainerId, 10, cancellationToken);
}
