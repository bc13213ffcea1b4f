using DevLoop.Core.Agent;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.HotReload;
using DevLoop.Core.Logging;
using DevLoop.Core.Snapshots;
using DevLoop.Core.Sync;
using DevLoop.Targets.Providers;
using DevLoop.Targets.Settings;
using DevLoop.Targets.Status;

namespace DevLoop.Targets.Sessions;

/// <summary>
/// A project's settings, its transport's session and the engine, together: what DeployDev opens for
/// one sync and what watch keeps open for all of them.
/// </summary>
public sealed class DevLoopSession : IAsyncDisposable
{
    private readonly IDevLoopLog _log;
    private readonly AgentSessionPool _agents;
    private readonly SyncEngine _engine;

    private DevLoopSession(DevLoopSettings settings, ITargetSession targets, IDevLoopLog log)
    {
        Settings = settings;
        Targets = targets;
        _log = log;
        // One agent process per target for as long as this session lasts (one DeployDev, or a whole watch).
        _agents = new AgentSessionPool(log);
        _engine = new SyncEngine(log, _agents);
    }

    public DevLoopSettings Settings { get; }

    public ITargetSession Targets { get; }

    /// <summary>Finds the settings' provider and opens its session; nothing in a target changes yet.</summary>
    public static async Task<DevLoopSession> OpenAsync(DevLoopSettings settings, IDevLoopLog log, CancellationToken cancellationToken)
    {
        var provider = TargetProviders.Get(settings.Target);
        var targets = await provider.OpenAsync(settings, log, cancellationToken).ConfigureAwait(false);
        return new DevLoopSession(settings, targets, log);
    }

    /// <summary>
    /// Gets ready for the first sync without changing anything: finds the ready targets and starts
    /// the agent in each (its session). What they hold is still confirmed when the sync runs.
    /// </summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var targets = await Targets.ReadyTargetsAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(targets.Select(t => _agents.WarmAsync(t, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>Syncs the build output to every ready target.</summary>
    public async Task<SyncResult> SyncAsync(CancellationToken cancellationToken)
    {
        var targets = await Targets.ReadyTargetsAsync(cancellationToken).ConfigureAwait(false);
        return await _engine.SyncAsync(Request(targets) with { Group = Targets.Group }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Syncs the build output to some of the targets. Without <paramref name="restart"/> only the files
    /// change: after a Hot Reload delta the apps already run this code, and a restart must find it.
    /// </summary>
    public Task<SyncResult> SyncAsync(IReadOnlyList<SyncTarget> targets, bool restart, CancellationToken cancellationToken) =>
        _engine.SyncAsync(Request(targets) with { Group = targets.Count > 1 ? Targets.Group : null, Restart = Settings.Restart && restart }, cancellationToken);

    /// <summary>Hands one module's Hot Reload delta to the apps in the targets, in parallel.</summary>
    public Task<IReadOnlyList<DeltaOutcome>> SendDeltaAsync(IReadOnlyList<SyncTarget> targets, Guid moduleId, byte[] metadata, byte[] il, byte[] pdb, int[] changedTypes, CancellationToken cancellationToken) =>
        new DeltaDelivery(_agents).SendAsync(targets, moduleId, metadata, il, pdb, changedTypes, cancellationToken);

    /// <summary>Brings one target (a replaced pod) up to the output last synced to the others.</summary>
    public Task<SyncResult> SyncOneAsync(SyncTarget target, CancellationToken cancellationToken) =>
        _engine.SyncAsync(Request(new[] { target }), cancellationToken);

    /// <summary>Says so when a sync found no app to restart where one was expected.</summary>
    public void WarnIfNoApp(SyncResult result)
    {
        if (result.Restart == RestartOutcome.AppNotRunning && Targets.NoAppAdvice(result) is { } advice)
        {
            _log.Warning(ErrorCodes.AppNotRestarted, advice);
        }
    }

    /// <summary>Returns the targets to their images and forgets what DevLoop cached about them.</summary>
    public async Task<ResetOutcome> ResetAsync(CancellationToken cancellationToken)
    {
        var outcome = await Targets.ResetAsync(cancellationToken).ConfigureAwait(false);
        new ManifestCache(Settings.SyncStateDir).ForgetAll();
        return outcome;
    }

    /// <summary>Every target as it is now, read from the targets (for `status`).</summary>
    public Task<IReadOnlyList<TargetStatus>> StatusAsync(CancellationToken cancellationToken) =>
        Targets.StatusAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _agents.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            // Always: the local target's app must never outlive the tool.
            await Targets.DisposeAsync().ConfigureAwait(false);
        }
    }

    private SyncRequest Request(IReadOnlyList<SyncTarget> targets) =>
        new(Settings.OutputDir, targets, Settings.SyncStateDir, Settings.Restart)
        {
            Content = ContentRoot.StaticFiles(Settings.StaticDir),
            Marks = SyncMarks.Now(Settings.ProjectDir ?? Settings.OutputDir, Settings.AppName),
        };
}
