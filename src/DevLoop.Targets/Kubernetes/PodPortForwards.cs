using System.Net.Sockets;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Kubernetes.Api;
using DevLoop.Kubernetes.PortForward;
using DevLoop.Kubernetes.Target;

namespace DevLoop.Targets.Kubernetes;

/// <summary>
/// DevLoopPortForward while watch follows the pods: each local port listens on loopback, and each
/// connection goes to a ready pod of the workload, the same one while it stays ready, another once it
/// is replaced. A problem is said once per forward until one of its connections gets through again, not
/// once per connection. A port the container does not declare is forwarded all the same (Kubernetes
/// treats declared ports as information, as kubectl port-forward does), with a warning that says so.
/// </summary>
internal sealed class PodPortForwards
{
    private readonly KubernetesTarget _target;
    private readonly IReadOnlyList<PortForwardSpec> _forwards;
    private readonly Func<IEnumerable<Pod>> _pods;
    private readonly IDevLoopLog _log;
    private readonly object _gate = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int LocalPort, string Code), string> _lastProblem = new();
    private string? _current;

    public PodPortForwards(KubernetesTarget target, IReadOnlyList<PortForwardSpec> forwards, Func<IEnumerable<Pod>> pods, IDevLoopLog log)
    {
        _target = target;
        _forwards = forwards;
        _pods = pods;
        _log = log;
    }

    /// <summary>Binds every local port now (one in use is a coded error; the others and watch go on), then forwards until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var listeners = new List<(PortForwardSpec Forward, PortForwardListener Listener)>();
        foreach (var forward in _forwards)
        {
            try
            {
                listeners.Add((forward, PortForwardListener.Bind(forward)));
                _log.Info($"Forwarding 127.0.0.1:{forward.LocalPort} to port {forward.ContainerPort} of a ready pod {_target.Scope.GroupName}.");
            }
            catch (DevLoopException e)
            {
                _log.Error(e.Code, e.Message + " watch goes on without this forward.");
            }
        }

        return ForwardAsync(listeners, cancellationToken);
    }

    /// <summary>Says at once, rather than at the first connection, when a ready pod does not declare a forwarded port.</summary>
    public void Check(Pod pod)
    {
        foreach (var forward in _forwards)
        {
            if (Undeclared(pod, forward) is { } problem)
            {
                Problem(forward, ErrorCodes.ContainerPortNotDeclared, problem);
            }
        }
    }

    private async Task ForwardAsync(List<(PortForwardSpec Forward, PortForwardListener Listener)> listeners, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(listeners.Select(l => l.Listener.AcceptAsync(socket => HandleAsync(socket, l.Forward, cancellationToken), cancellationToken))).ConfigureAwait(false);
        }
        finally
        {
            foreach (var (_, listener) in listeners)
            {
                listener.Dispose();
            }
        }
    }

    private async Task HandleAsync(Socket local, PortForwardSpec forward, CancellationToken cancellationToken)
    {
        using (local)
        {
            var pod = Choose();
            if (pod is null)
            {
                Problem(forward, ErrorCodes.PortForwardFailed, $"No pod {_target.Scope.GroupName} is ready, so a connection to 127.0.0.1:{forward.LocalPort} was closed. Connections go to a ready pod again once there is one.");
                return;
            }

            if (Undeclared(pod, forward) is { } undeclared)
            {
                Problem(forward, ErrorCodes.ContainerPortNotDeclared, undeclared);
            }

            try
            {
                var refused = await _target.Connection.PortForward.ForwardAsync(local, _target.Scope.Namespace, pod.Name, forward.ContainerPort, cancellationToken).ConfigureAwait(false);
                if (refused is null)
                {
                    foreach (var key in _lastProblem.Keys.Where(k => k.LocalPort == forward.LocalPort && k.Code != ErrorCodes.ContainerPortNotDeclared))
                    {
                        _lastProblem.TryRemove(key, out _);
                    }

                    return;
                }

                Problem(forward, ErrorCodes.PortForwardFailed, $"Pod '{pod.Name}' refused a connection forwarded from 127.0.0.1:{forward.LocalPort} to its port {forward.ContainerPort}: {refused.Trim()}. Is the app listening on {forward.ContainerPort} in the container?");
            }
            catch (DevLoopException e)
            {
                Problem(forward, e.Code, e.Message);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // watch is stopping.
            }
        }
    }

    /// <summary>The pod forwarded to: the current one while it is ready, else the first ready one by name.</summary>
    private Pod? Choose()
    {
        var ready = _pods().Where(p => p.IsReady).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        lock (_gate)
        {
            var pod = ready.FirstOrDefault(p => p.Name == _current) ?? ready.FirstOrDefault();
            if (pod is not null && pod.Name != _current)
            {
                if (_current is not null)
                {
                    _log.Info($"Port-forward: pod '{_current}' is no longer ready; forwarding to pod '{pod.Name}' now.");
                }

                _current = pod.Name;
            }

            return pod;
        }
    }

    private string? Undeclared(Pod pod, PortForwardSpec forward)
    {
        if (!_target.TryContainerFor(pod, out var name))
        {
            return null;
        }

        var declared = pod.Spec?.Containers?.FirstOrDefault(c => c.Name == name)?.Ports?.Select(p => p.ContainerPort).ToList() ?? new List<int>();
        if (declared.Contains(forward.ContainerPort))
        {
            return null;
        }

        var has = declared.Count == 0 ? "declares no ports" : $"declares {string.Join(", ", declared.Order())}";
        return $"127.0.0.1:{forward.LocalPort} forwards to port {forward.ContainerPort}, but container '{name}' of pod '{pod.Name}' {has}. "
            + $"Connections are forwarded all the same; if the app does not listen there, declare the port it does listen on in the workload (ports: - containerPort: PORT) and forward that (DevLoopPortForward={forward.LocalPort}:PORT).";
    }

    /// <summary>Said once per forward and kind until that forward gets a connection through, or the same kind says something else.</summary>
    private void Problem(PortForwardSpec forward, string code, string message)
    {
        var said = false;
        _lastProblem.AddOrUpdate((forward.LocalPort, code), _ => { said = true; return message; }, (_, last) => { said = last != message; return message; });
        if (said)
        {
            _log.Warning(code, message);
        }
    }
}
