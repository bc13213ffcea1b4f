using DevLoop.Core.Logging;
using DevLoop.Targets.Settings;

namespace DevLoop.Targets.Providers;

/// <summary>One transport (local, docker, kubernetes): checks its settings and opens a session on its targets.</summary>
public interface ITargetProvider
{
    /// <summary>The DevLoopTarget value that selects it.</summary>
    string Name { get; }

    /// <summary>Checks the settings and connects; nothing in a target is changed yet.</summary>
    Task<ITargetSession> OpenAsync(DevLoopSettings settings, IDevLoopLog log, CancellationToken cancellationToken);
}
