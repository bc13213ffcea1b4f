namespace DevLoop.Agent;

/// <summary>
/// `reset`: puts the app back on what its image holds, under the apply lock: drops the shadow copy
/// (the app runs from the app folder again) or puts back the image's files kept in place, forgets the
/// generation and marks, and restarts the app in place onto them. Every step can run again: a reset
/// cut short is finished by the next one.
/// </summary>
internal static class ResetCommand
{
    /// <summary>The generation while a reset runs in place: neither the image's nor a sync's.</summary>
    public const string Resetting = "dirty-reset";

    public static AgentReply Run(string appDir)
    {
        ManifestCommand.RequireAppDir(appDir);
        var layout = AgentLayout.TryCreate(appDir) ?? throw ApplyCommand.NoWritablePlace(appDir);
        using var applyLock = ApplyLock.Acquire(layout.LockFile, TimeSpan.FromSeconds(30));
        var inPlace = new AppRoot(layout.AppDir, AppRoot.InPlace);
        var originals = new ImageOriginals(layout.AppDir);
        var generation = inPlace.ReadGeneration();
        var shadow = File.Exists(layout.ShadowSeededMarker) || Directory.Exists(layout.ShadowDir);
        var changedInPlace = generation != "none";
        if (!shadow && !changedInPlace && !originals.Tracked)
        {
            return new AgentReply { Ok = true, Generation = "none", Mode = AppRoot.InPlace, Root = layout.AppDir, Restart = "skipped", Message = "already runs what its image holds" };
        }

        if (changedInPlace && generation != Resetting && !originals.Tracked)
        {
            throw new AgentException(
                ErrorCodes.ResetImpossible,
                $"The app folder '{layout.AppDir}' was changed in place before DevLoop kept the image's files (by an older DevLoop), so they cannot be put back. Nothing was changed; recreate the container from its image (docker rm -f and run it again, docker compose up -d --force-recreate, or delete the pod).");
        }

        var (restored, removed) = (0, 0);
        if (changedInPlace || originals.Tracked)
        {
            inPlace.WriteGeneration(Resetting);
            (restored, removed) = originals.Restore();
            SyncMarks.PutInPlace(inPlace, pendingFile: null);
            File.Delete(inPlace.GenerationFile);
        }

        if (File.Exists(layout.ShadowSeededMarker))
        {
            // From here the app folder is what the app starts from, also after a container restart.
            File.Delete(layout.ShadowSeededMarker);
        }

        var hooked = File.Exists(layout.SocketPath);
        var restart = RestartRequester.Request(layout, layout.AppDir);
        if (hooked && restart.Outcome == "no-app")
        {
            throw new AgentException(
                ErrorCodes.AppNotRestarted,
                $"The image's files are back in '{layout.AppDir}', but the app did not answer the request to restart, so it may still run the synced code. Restart the container (docker restart, or delete the pod) to finish the reset.");
        }

        if (shadow && Directory.Exists(layout.ShadowDir))
        {
            Directory.Delete(layout.ShadowDir, recursive: true);
        }

        return new AgentReply
        {
            Ok = true,
            Generation = "none",
            Mode = AppRoot.InPlace,
            Root = layout.AppDir,
            Written = restored,
            Deleted = removed,
            Restart = restart.Outcome,
            RestartMs = restart.Milliseconds,
            Listening = restart.Listening,
            Message = shadow
                ? $"dropped the synced copy; the app runs from {layout.AppDir} again, as the image made it"
                : $"put back {restored} file(s) of the image in {layout.AppDir} and removed {removed} that DevLoop added",
        };
    }
}
