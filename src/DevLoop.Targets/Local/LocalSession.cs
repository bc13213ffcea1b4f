using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Core.Sync;
using DevLoop.Targets.Providers;
using DevLoop.Targets.Settings;
using DevLoop.Targets.Status;

namespace DevLoop.Targets.Local;

/// <summary>The sandbox of the local target, and the app watch runs from it.</summary>
internal sealed class LocalSession : ITargetSession
{
    private readonly DevLoopSettings _settings;
    private readonly SyncTarget _target;
    private readonly LocalApp _app;
    private readonly IDevLoopLog _log;

    public LocalSession(DevLoopSettings settings, SyncTarget target, LocalApp app, IDevLoopLog log)
    {
        _settings = settings;
        _target = target;
        _app = app;
        _log = log;
    }

    public TargetGroup? Group => null;

    public Task<IReadOnlyList<SyncTarget>> ReadyTargetsAsync(CancellationToken cancellationToken)
    {
        var agent = _target.AgentCommand[^1];
        if (!File.Exists(agent))
        {
            throw new DevLoopException(ErrorCodes.AgentMissingInOutput, $"The DevLoop agent is not in the build output ('{agent}'). It is added to Debug builds of apps that reference DevLoop.Build; set DevLoopIncludeAgent=true for other configurations.");
        }

        return Task.FromResult<IReadOnlyList<SyncTarget>>(new[] { _target });
    }

    // The app's output reaches the observer from the process watch starts (AfterSyncAsync).
    public Task FollowAsync(ISessionObserver observer, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task AfterSyncAsync(SyncResult result, ISessionObserver observer, CancellationToken cancellationToken)
    {
        if (!_app.IsRunning)
        {
            var projectDir = _settings.ProjectDir ?? Directory.GetCurrentDirectory();
            var environment = LaunchEnvironment(projectDir);
            environment.TryAdd("ASPNETCORE_ENVIRONMENT", "Development");
            environment.TryAdd("DOTNET_ENVIRONMENT", "Development");
            _app.Start(_target.AppDir, _settings.AssemblyFile ?? throw new DevLoopException(ErrorCodes.MissingTaskParameter, "TargetFileName is not set."), environment, observer);
        }

        return Task.CompletedTask;
    }

    private Dictionary<string, string> LaunchEnvironment(string projectDir)
    {
        try
        {
            return LaunchProfile.Environment(projectDir);
        }
        catch (DevLoopException e)
        {
            _log.Warning(e.Code, e.Message);
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    public string? NoAppAdvice(SyncResult result) =>
        _app.IsRunning ? null : "The files were synced but no app is running from the sandbox: start it with 'dotnet devloop watch'.";

    public Task<ResetOutcome> ResetAsync(CancellationToken cancellationToken)
    {
        _log.Info($"Nothing to reset for the local target: the app runs from its sandbox ({_target.AppDir}) only while watch runs, and nothing else changes.");
        return Task.FromResult(new ResetOutcome(0, 0));
    }

    public async Task<IReadOnlyList<TargetStatus>> StatusAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_target.AppDir) || !Directory.EnumerateFileSystemEntries(_target.AppDir).Any())
        {
            return new[] { new TargetStatus { Target = "local", State = "not synced", Note = "watch has not run this project on the local target yet" } };
        }

        var state = await AgentState.ReadAsync(_target, cancellationToken).ConfigureAwait(false);
        return new[] { state.Row("local", "runs under watch only", ready: null) with { DiffersFromImage = null, Note = $"the sandbox {_target.AppDir}; there is no image to differ from" } };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }
}
