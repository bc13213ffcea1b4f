using DevLoop.Targets.Settings;

namespace DevLoop.Cli.Solutions;

/// <summary>A project of the solution that watch runs as a service: an app that references DevLoop.Build.</summary>
/// <param name="Name">How its lines are prefixed: the project's name.</param>
internal sealed record WatchedService(string Name, string Project, DevLoopSettings Settings);
