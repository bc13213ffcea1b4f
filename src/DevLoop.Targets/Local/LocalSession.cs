using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Core.Sync;
using DevLoop.Targets.Providers;
using DevLoop.Targets.Settings;

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

    public Task<ResetOutcome> ResetAsync(CancellationToken cancellationToken) =>
        throw new DevLoopException(ErrorCodes.BadArguments, "'reset' returns Kubernetes pods to their declared state, but DevLoopTarget is 'local'. For local, just run watch again.");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }
}
