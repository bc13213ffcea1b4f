namespace DevLoop.Agent;

/// <summary>
/// `reset`: puts the app back on what its image holds, under the apply lock: drops the shadow copy
/// (the app runs from the app folder again) or puts back the image's files kept in place, forgets the
/// generation and marks, and restarts the app in place onto them.
/// </summary>
internal static class ResetCommand
{
    public static AgentReply Run(string appDir)
    {
        ManifestCommand.RequireAppDir(appDir);
        var layout = AgentLayout.TryCreate(appDir) ?? throw ApplyCommand.NoWritablePlace(appDir);
        using var applyLock = ApplyLock.Acquire(layout.LockFile, TimeSpan.FromSeconds(30));
        var inPlace = new AppRoot(layout.AppDir, AppRoot.InPlace);
        var originals = new ImageOriginals(layout.AppDir);
        var shadow = File.Exists(layout.ShadowSeededMarker);
        var changedInPlace = inPlace.ReadGeneration() != "none";
        if (!shadow && !changedInPlace && !originals.Tracked)
        {
            return new AgentReply { Ok = true, Generation = "none", Mode = AppRoot.InPlace, Root = layout.AppDir, Restart = "skipped", Message = "already runs what its image holds" };
        }

        if (changedInPlace && !originals.Tracked)
        {
            throw new AgentException(
                ErrorCodes.ResetImpossible,
                $"The app folder '{layout.AppDir}' was changed in place by a DevLoop older than the one that keeps the image's files, so they cannot be put back. Nothing was changed; recreate the container from its image (docker rm -f and run it again, docker compose up -d --force-recreate, or delete the pod).");
        }

        var (restored, removed) = originals.Restore();
        if (File.Exists(inPlace.GenerationFile))
        {
            File.Delete(inPlace.GenerationFile);
        }

        SyncMarks.Write(inPlace, null);
        if (shadow)
        {
            // From here the app folder is what the app starts from, also after a container restart.
            File.Delete(layout.ShadowSeededMarker);
        }

        var restart = RestartRequester.Request(layout, layout.AppDir);
        if (shadow)
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
