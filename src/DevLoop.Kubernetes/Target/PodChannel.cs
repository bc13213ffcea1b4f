using DevLoop.Core.Channels;
using DevLoop.Kubernetes.Api;
using DevLoop.Kubernetes.Exec;

namespace DevLoop.Kubernetes.Target;

/// <summary>The kubernetes target for one pod: exec in its container through the API server.</summary>
public sealed class PodChannel : ITargetChannel, IChangeRecorder, IDuplexExecChannel
{
    private readonly KubeExecClient _exec;
    private readonly KubeApiClient _api;
    private readonly IReadOnlyDictionary<string, string?> _marks;
    private readonly IReadOnlyDictionary<string, string>? _annotations;

    /// <param name="marks">The annotations the pod gets before its files change (<see cref="PodMarks"/>).</param>
    public PodChannel(KubeApiClient api, KubeExecClient exec, string ns, Pod pod, string container, IReadOnlyDictionary<string, string?> marks)
    {
        _api = api;
        _exec = exec;
        _marks = marks;
        _annotations = pod.Metadata.Annotations;
        Namespace = ns;
        PodName = pod.Name;
        Container = container;
        DisplayName = $"pod '{pod.Name}'";
        // A container restart in Kubernetes starts from the image again, so the cached manifest
        // belongs to one container instance: its id, or the pod uid and restart count before it has one.
        var status = pod.ContainerStatusOf(container);
        Identity = "kubernetes:" + (status?.ContainerID ?? $"{pod.Metadata.Uid}/{container}/{status?.RestartCount ?? 0}");
    }

    public string Namespace { get; }

    public string PodName { get; }

    public string Container { get; }

    public string DisplayName { get; }

    public string Identity { get; }

    public Task<ExecResult> ExecAsync(IReadOnlyList<string> argv, Stream? stdin, CancellationToken cancellationToken) =>
        _exec.RunAsync(Namespace, PodName, Container, argv, stdin, cancellationToken);

    public Task<IDuplexExec> StartDuplexAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken) =>
        _exec.StartDuplexAsync(Namespace, PodName, Container, argv, cancellationToken);

    /// <summary>
    /// Marks the pod, unless it carries these very marks already (watch marks a pod once per session,
    /// not once per save: a patch per pod per save was most of DevLoop's own CPU per extra replica).
    /// </summary>
    public Task RecordChangeAsync(CancellationToken cancellationToken) =>
        _marks.All(m => _annotations is not null && _annotations.TryGetValue(m.Key, out var value) && value == m.Value)
            ? Task.CompletedTask
            : _api.AnnotatePodAsync(Namespace, PodName, _marks, cancellationToken);

    public async Task<bool> DirectoryExistsAsync(string path, CancellationToken cancellationToken)
    {
        // Only the tar fallback asks. Without `test` the image has no shell tools either, which the
        // fallback's own probe then reports better than "folder missing" would.
        var result = await _exec.RunAsync(Namespace, PodName, Container, new[] { "test", "-d", path }, null, cancellationToken).ConfigureAwait(false);
        return result.ExitCode is ExitCodes.Success or ExitCodes.CannotExecute or ExitCodes.NotFound;
    }
}
