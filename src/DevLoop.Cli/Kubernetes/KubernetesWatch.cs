using DevLoop.Cli.Building;
using DevLoop.Cli.Output;
using DevLoop.Core.Channels;
using DevLoop.Core.Snapshots;
using DevLoop.Core.Sources;
using DevLoop.Core.Sync;
using DevLoop.Kubernetes.Target;

namespace DevLoop.Cli.Kubernetes;

/// <summary>Starts and stops the <see cref="KubernetesSession"/> of a watch, with the settings DeployDev uses.</summary>
internal sealed class KubernetesWatch
{
    private readonly KubernetesTarget _target;
    private readonly KubernetesSession _session;
    private readonly Task _running;
    private readonly ConsoleOutput _output;

    private KubernetesWatch(KubernetesTarget target, KubernetesSession session, Task running, ConsoleOutput output)
    {
        _target = target;
        _session = session;
        _running = running;
        _output = output;
    }

    public static async Task<KubernetesWatch> StartAsync(ProjectProperties properties, string projectDir, ConsoleOutput output, Func<bool> hasDeployed, CancellationToken cancellationToken)
    {
        var target = await KubernetesTarget.OpenAsync(KubernetesProjectSettings.From(properties), GitHead.Find(projectDir), new ConsoleLog(output), cancellationToken).ConfigureAwait(false);
        var template = new SyncRequest(properties.Get("TargetDir"), Array.Empty<SyncTarget>(), Path.Combine(properties.Get("DevLoopStateDir"), "sync"))
        {
            Content = ContentRoot.StaticFiles(properties.Get("DevLoopStaticDir")),
        };
        var session = new KubernetesSession(target, output, template, hasDeployed);
        output.Info($"Following the pods {target.Scope.GroupName} (context '{target.Connection.Context.Name}'): their logs, and new pods to bring up to date.");
        var running = Task.Run(
            async () =>
            {
                try
                {
                    await session.RunAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Core.Errors.DevLoopException e)
                {
                    output.Warning(e.Code, "Following the pods stopped, so new pods are not brought up to date and logs are not shown: " + e.Message);
                }
            },
            CancellationToken.None);
        return new KubernetesWatch(target, session, running, output);
    }

    public async Task StopAsync(TimeSpan grace)
    {
        await Task.WhenAny(Task.WhenAll(_running, _session.DrainAsync()), Task.Delay(grace)).ConfigureAwait(false);
        if (_running.IsFaulted && _running.Exception!.GetBaseException() is not OperationCanceledException)
        {
            _output.Detail("The pods watch ended with: " + _running.Exception.GetBaseException().Message);
        }

        _target.Dispose();
    }
}
