using System.Diagnostics;
using System.Globalization;
using DevLoop.Core.Agent;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Core.Snapshots;

namespace DevLoop.Core.Sync;

/// <summary>
/// For images built without DevLoop: ship a plain tar to `sh` + `tar` in the container, stage it
/// beside the app and rename it into place. Restart in place needs the agent, so the container is
/// restarted instead where the transport keeps its file system across restarts.
/// </summary>
internal sealed class TarFallbackSync
{
    // $1 app dir, $2 transaction id, $3 archive length, then the paths to delete. `head -c` bounds the
    // read, because some exec transports cannot signal the end of stdin and tar would wait for it.
    private const string Script =
        "set -e; d=\"$1\"; s=\"$d/.devloop/stage/$2\"; n=\"$3\"; shift 3; mkdir -p \"$s\"; "
        + "head -c \"$n\" | tar -xf - -C \"$s\"; "
        + "(cd \"$s\" && find . -type f) | while IFS= read -r f; do mkdir -p \"$d/$(dirname \"$f\")\"; mv -f \"$s/$f\" \"$d/$f\"; done; "
        + "for f in \"$@\"; do rm -f \"$d/$f\"; done; rm -rf \"$s\"";

    // $1 app dir. Tells a missing tool (127) from an app folder the user may not write to (77).
    private const string ProbeScript = "command -v tar >/dev/null && command -v head >/dev/null || exit 127; test -w \"$1\" || exit 77";

    /// <summary>What to do about an image without the agent: the usual cause is a Release build.</summary>
    private const string BuildWithAgent =
        "DevLoop.Build puts the agent into Debug builds only, and stock Dockerfiles publish a Release build (dotnet publish -c Release). "
        + "Build a Debug image: in the Dockerfile use 'dotnet publish -c Debug' (or add -p:DevLoopIncludeAgent=true to the Release publish) in a project that references DevLoop.Build, rebuild the image, run the new container, and sync again.";

    private readonly IDevLoopLog _log;

    public TarFallbackSync(IDevLoopLog log)
    {
        _log = log;
    }

    public async Task<SyncResult> SyncAsync(SyncRequest request, SyncTarget target, OutputSnapshot snapshot, OutputSnapshot? previous, ManifestCache manifests, AgentMissingException missing, CancellationToken cancellationToken)
    {
        var channel = target.Channel;
        if (!await channel.DirectoryExistsAsync(target.AppDir, cancellationToken).ConfigureAwait(false))
        {
            throw new DevLoopException(
                ErrorCodes.AppDirMissing,
                $"The app folder '{target.AppDir}' does not exist in {channel.DisplayName}. Set DevLoopAppDir to the folder the app runs from (the image's WORKDIR; /app in the stock .NET images).");
        }

        var probe = await channel.ExecAsync(new[] { "sh", "-c", ProbeScript, "sh", target.AppDir }, null, cancellationToken).ConfigureAwait(false);
        if (probe.ExitCode == ExitCodes.NoPermission)
        {
            // The stock images: the app user may not write to /app, which only the agent's shadow copy gets around.
            throw new DevLoopException(
                ErrorCodes.AgentNotInImage,
                $"{channel.DisplayName} runs an image built without the DevLoop agent ('{target.AgentCommand[^1]}' is not there), and its user may not write to '{target.AppDir}', so sh and tar cannot sync either. "
                + BuildWithAgent);
        }

        if (!probe.Succeeded)
        {
            throw new DevLoopException(
                ErrorCodes.NoAgentNoTar,
                $"{channel.DisplayName} has neither the DevLoop agent ('{target.AgentCommand[^1]}') nor sh and tar, so DevLoop cannot write files there. "
                + BuildWithAgent + $" Detail: {missing.Message}");
        }

        _log.Warning(
            ErrorCodes.TarFallbackUsed,
            $"{channel.DisplayName} has no DevLoop agent at '{target.AgentCommand[^1]}' (the image was built without it, most likely a Release build); syncing with sh and tar instead. For restart in place, build a Debug image ('dotnet publish -c Debug' in the Dockerfile) of a project that references DevLoop.Build.");

        var manifest = manifests.TryLoad(ManifestCache.KeyOf(target)) ?? RemoteManifest.Empty;
        var plan = SyncPlanner.Create(snapshot, manifest, previous);
        if (plan.IsEmpty)
        {
            return new SyncResult(channel.DisplayName, 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero, RestartOutcome.NotNeeded, TimeSpan.Zero);
        }

        using var archive = PayloadWriter.WritePlainTar(plan, snapshot);
        var argv = new List<string> { "sh", "-c", Script, "sh", target.AppDir, Guid.NewGuid().ToString("N"), archive.Length.ToString(CultureInfo.InvariantCulture) };
        argv.AddRange(plan.Deletes);
        if (channel is IChangeRecorder recorder)
        {
            await recorder.RecordChangeAsync(cancellationToken).ConfigureAwait(false);
        }

        var result = await channel.ExecAsync(argv, archive, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new DevLoopException(ErrorCodes.ExecFailed, ExplainTarFailure(channel, target.AppDir, result));
        }

        manifests.Save(ManifestCache.KeyOf(target), manifest.After(plan, "tar-" + Guid.NewGuid().ToString("N")));
        var (outcome, restartTime) = await RestartAsync(channel, request.NeedsRestart(plan), cancellationToken).ConfigureAwait(false);
        return new SyncResult(channel.DisplayName, plan.Puts.Count, plan.Deletes.Count, archive.Length, TimeSpan.Zero, TimeSpan.Zero, outcome, restartTime);
    }

    private async Task<(RestartOutcome, TimeSpan)> RestartAsync(ITargetChannel channel, bool needed, CancellationToken cancellationToken)
    {
        if (!needed)
        {
            return (RestartOutcome.NotNeeded, TimeSpan.Zero);
        }

        if (channel is IContainerRestarter restarter)
        {
            var watch = Stopwatch.StartNew();
            await restarter.RestartContainerAsync(cancellationToken).ConfigureAwait(false);
            return (RestartOutcome.ContainerRestarted, watch.Elapsed);
        }

        _log.Warning(ErrorCodes.AppNotRestarted, $"The files in {channel.DisplayName} were updated but the app was not restarted: restart in place needs the DevLoop agent in the image.");
        return (RestartOutcome.NotPossible, TimeSpan.Zero);
    }

    private static string ExplainTarFailure(ITargetChannel channel, string appDir, ExecResult result)
    {
        var advice = result.ExitCode switch
        {
            ExitCodes.CannotExecute or ExitCodes.NotFound => "The image lacks a tool the sync needs (sh, tar, head, find or mv).",
            _ => "Check the container's logs and that the app folder and everything in it is writable for the container's user.",
        };
        return $"Copying files into {channel.DisplayName} with tar failed (exit code {result.ExitCode}): {result.Stderr.Trim()} {advice}";
    }
}
