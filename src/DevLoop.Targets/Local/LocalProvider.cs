using DevLoop.Core.Channels;
using DevLoop.Core.Logging;
using DevLoop.Targets.Providers;
using DevLoop.Targets.Settings;

namespace DevLoop.Targets.Local;

/// <summary>`local`: the app runs as a child of watch, from a sandbox folder on this machine.</summary>
internal sealed class LocalProvider : ITargetProvider
{
    public string Name => "local";

    public Task<ITargetSession> OpenAsync(DevLoopSettings settings, IDevLoopLog log, CancellationToken cancellationToken)
    {
        var agent = Path.Combine(settings.OutputDir, SyncTarget.AgentFileName);
        var sandbox = Path.GetFullPath(settings.LocalDir ?? Path.Combine(settings.StateDir, "local", "app"));
        Directory.CreateDirectory(sandbox);
        var dotnet = DotNetHost(settings);
        var target = new SyncTarget(new LocalProcessChannel(sandbox), sandbox, new[] { dotnet, "exec", agent });
        return Task.FromResult<ITargetSession>(new LocalSession(settings, target, new LocalApp(log, Path.GetFileNameWithoutExtension(settings.AssemblyFile ?? "app"), dotnet), log));
    }

    /// <summary>The dotnet that runs MSBuild or this tool (DOTNET_HOST_PATH) when known, otherwise the one on PATH.</summary>
    private static string DotNetHost(DevLoopSettings settings) =>
        settings.DotNetHost is { Length: > 0 } configured && File.Exists(configured) ? configured
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : "dotnet";
}
