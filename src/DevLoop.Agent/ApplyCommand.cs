using System.Buffers.Binary;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace DevLoop.Agent;

/// <summary>
/// `apply`: read one payload from stdin, stage every file on the same file system as the app,
/// check its hash, flush it, then rename it over the old one and delete what the plan removes.
/// Until the first rename nothing the app uses is touched, so a failed apply leaves it as it was.
/// </summary>
internal static class ApplyCommand
{
    public const string PlanEntryName = ".devloop-plan.json";

    public static AgentReply Run(string appDir, Stream input)
    {
        var watch = Stopwatch.StartNew();
        ManifestCommand.RequireAppDir(appDir);
        var payload = OpenPayload(input);
        var layout = AgentLayout.TryCreate(appDir) ?? throw NoWritablePlace(appDir);
        using var applyLock = ApplyLock.Acquire(layout.LockFile, TimeSpan.FromSeconds(30));
        using var gzip = new GZipStream(payload, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var plan = ReadPlan(tar);
        var root = WritableRoot(layout, plan.Bytes);
        var generation = root.ReadGeneration();
        if (plan.BaseGeneration != generation)
        {
            payload.Drain();
            return new AgentReply { Ok = false, Code = "stale", Generation = generation, Message = $"The app folder is at generation {generation}, not {plan.BaseGeneration}." };
        }

        var stages = Path.Combine(root.Path, ".devloop", "stage");
        DeleteStaleStages(stages);
        var stage = Path.Combine(stages, plan.NewGeneration);
        var pending = stage + ".pending";
        var purpose = $"this sync's {plan.Files.Count} file(s)";
        FullPlace.EnsureRoom(root.Path, purpose, plan.Bytes, plan.Bytes);
        try
        {
            List<string> staged;
            try
            {
                staged = StageFiles(tar, plan, stage);
            }
            catch (IOException e) when (FullPlace.Is(e))
            {
                throw FullPlace.Refusal(root.Path, purpose, plan.Bytes, plan.Bytes);
            }

            payload.Drain();
            CheckNoTypeConflicts(root.Path, staged);

            // Everything that needs room is written before the first rename (the image's copies, the
            // marks and generation to be): a full place then fails with nothing changed.
            var replaced = ReplacedFromElsewhere(root, generation, plan.Marks);
            var originals = root.Mode == AppRoot.InPlace ? new ImageOriginals(root.Path) : null;
            string? pendingMarks;
            string pendingGeneration;
            try
            {
                originals?.Keep(staged, plan.Deletes, changedBefore: generation is not ("none" or ResetCommand.Resetting));
                Directory.CreateDirectory(pending);
                pendingMarks = SyncMarks.WritePending(pending, plan.Marks);
                pendingGeneration = Path.Combine(pending, "generation");
                File.WriteAllText(pendingGeneration, plan.NewGeneration);
                root.WriteGeneration("dirty-" + plan.NewGeneration);
            }
            catch (IOException e) when (FullPlace.Is(e))
            {
                originals?.DiscardUnfinished();
                var what = originals is null ? purpose : $"{purpose} and the copies of the image's files they replace (kept for reset)";
                throw FullPlace.Refusal(root.Path, what, plan.Bytes, 2 * plan.Bytes);
            }

            foreach (var relative in staged)
            {
                var destination = RelativePaths.Combine(root.Path, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Move(RelativePaths.Combine(stage, relative), destination, overwrite: true);
            }

            var deleted = DeleteRemoved(root.Path, plan.Deletes);
            SyncMarks.PutInPlace(root, pendingMarks);
            root.CommitGeneration(pendingGeneration);
            var applyMs = watch.ElapsedMilliseconds;
            var reply = new AgentReply { Ok = true, Generation = plan.NewGeneration, Mode = root.Mode, Root = root.Path, Written = staged.Count, Deleted = deleted, ApplyMs = applyMs, Restart = "skipped", Replaced = replaced };
            if (plan.Restart)
            {
                var restart = RestartRequester.Request(layout, root.Path);
                reply.Restart = restart.Outcome;
                reply.RestartMs = restart.Milliseconds;
                reply.Listening = restart.Listening;
            }

            return reply;
        }
        finally
        {
            foreach (var dir in new[] { stage, pending }.Where(Directory.Exists))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <summary>
    /// The marks of the sync this apply replaces when another copy of the project or another user made
    /// it: the engine says so, since that sync's changes are gone from the target.
    /// </summary>
    private static SyncMarks? ReplacedFromElsewhere(AppRoot root, string generation, SyncMarks? next)
    {
        // A folder at "dirty-…" (a sync cut short) still holds the marks of the last whole sync.
        if (next is null || generation is "none")
        {
            return null;
        }

        return SyncMarks.Read(root) is { } previous && !previous.SameOrigin(next) ? previous : null;
    }

    /// <summary>
    /// Stages an apply cut short left behind (its agent killed with the container, say): under the apply
    /// lock no other apply is staging, so every one left is stale, and repeated interruptions must not
    /// fill a small tmpfs.
    /// </summary>
    private static void DeleteStaleStages(string stages)
    {
        if (!Directory.Exists(stages))
        {
            return;
        }

        foreach (var stale in Directory.EnumerateDirectories(stages))
        {
            Directory.Delete(stale, recursive: true);
        }
    }

    private static BoundedStream OpenPayload(Stream input)
    {
        Span<byte> header = stackalloc byte[8];
        input.ReadExactly(header);
        var length = BinaryPrimitives.ReadInt64LittleEndian(header);
        if (length <= 0 || length > 64L * 1024 * 1024 * 1024)
        {
            throw new AgentException(ErrorCodes.AgentFailed, $"The payload announced an impossible length ({length} bytes). Nothing was changed.");
        }

        return new BoundedStream(input, length);
    }

    private static AppRoot WritableRoot(AgentLayout layout, long syncBytes)
    {
        try
        {
            return AppRoot.ForWriting(layout, syncBytes);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new AgentException(ErrorCodes.NoWritablePlace, $"The app folder '{layout.AppDir}' is not writable and the shadow copy in '{layout.ShadowDir}' could not be made: {e.Message} Give the container a writable /tmp (an emptyDir volume or a tmpfs), or set DEVLOOP_STATE_DIR to a writable volume.");
        }
    }

    public static AgentException NoWritablePlace(string appDir) => new(
        ErrorCodes.NoWritablePlace,
        $"The container has no writable place for DevLoop: the app folder '{appDir}' is read-only for the app user and so is the temp folder ('{Path.GetTempPath()}'). "
        + "Mount a writable volume (an emptyDir in Kubernetes, a tmpfs with Docker: --tmpfs /tmp) or set DEVLOOP_STATE_DIR to a writable volume, then sync again. Nothing was changed.");

    private static AgentPlan ReadPlan(TarReader tar)
    {
        var entry = tar.GetNextEntry();
        if (entry is null || entry.Name != PlanEntryName || entry.DataStream is null)
        {
            throw new AgentException(ErrorCodes.AgentFailed, "The payload does not start with a DevLoop plan: the engine and agent versions may differ. Rebuild the image with the same DevLoop.Build version.");
        }

        var plan = JsonSerializer.Deserialize(entry.DataStream, AgentJsonContext.Default.AgentPlan)
            ?? throw new AgentException(ErrorCodes.AgentFailed, "The DevLoop plan in the payload is empty.");
        return Validate(plan);
    }

    /// <summary>Everything in the plan is checked before a single byte is written.</summary>
    private static AgentPlan Validate(AgentPlan plan)
    {
        if (plan.NewGeneration.Length != 32 || !plan.NewGeneration.All(Uri.IsHexDigit))
        {
            throw new AgentException(ErrorCodes.AgentFailed, $"The plan's generation '{plan.NewGeneration}' is not 32 hex digits. Nothing was changed.");
        }

        plan.Files ??= new Dictionary<string, string>(StringComparer.Ordinal);
        plan.Deletes ??= new List<string>();
        foreach (var (path, hash) in plan.Files)
        {
            RelativePaths.Validate(path);
            if (hash is null || hash.Length != 64 || !hash.All(Uri.IsHexDigit))
            {
                throw new AgentException(ErrorCodes.AgentFailed, $"The plan's hash for '{path}' is not a SHA-256. Nothing was changed.");
            }
        }

        foreach (var path in plan.Deletes)
        {
            RelativePaths.Validate(path);
        }

        plan.Marks?.Validate();

        return plan;
    }

    /// <summary>A file that would replace a folder, or a folder where a file is, fails before the first rename.</summary>
    private static void CheckNoTypeConflicts(string root, List<string> staged)
    {
        foreach (var relative in staged)
        {
            var destination = RelativePaths.Combine(root, relative);
            if (Directory.Exists(destination))
            {
                throw new AgentException(ErrorCodes.AgentFailed, $"'{relative}' is a folder in the app folder but a file in the build output. Nothing was changed; remove it from the container or rebuild the image.");
            }

            var parent = Path.GetDirectoryName(destination)!;
            while (parent.Length > root.Length)
            {
                if (File.Exists(parent))
                {
                    throw new AgentException(ErrorCodes.AgentFailed, $"'{Path.GetRelativePath(root, parent)}' is a file in the app folder but a folder in the build output. Nothing was changed; remove it from the container or rebuild the image.");
                }

                parent = Path.GetDirectoryName(parent)!;
            }
        }
    }

    private static List<string> StageFiles(TarReader tar, AgentPlan plan, string stage)
    {
        var staged = new List<string>();
        TarEntry? entry;
        while ((entry = tar.GetNextEntry()) is not null)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
            {
                throw new AgentException(ErrorCodes.AgentFailed, $"The payload holds '{entry.Name}' of type {entry.EntryType}; only regular files are accepted. Nothing was changed.");
            }

            var relative = RelativePaths.Validate(entry.Name);
            if (!plan.Files.TryGetValue(relative, out var expectedHash))
            {
                throw new AgentException(ErrorCodes.AgentFailed, $"The payload holds '{relative}', which its plan does not list. Nothing was changed.");
            }

            var path = RelativePaths.Combine(stage, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var actualHash = WriteAndHash(entry.DataStream, path);
            if (actualHash != expectedHash)
            {
                throw new AgentException(ErrorCodes.AgentFailed, $"'{relative}' arrived damaged (hash {actualHash[..12]}, expected {expectedHash[..12]}). Nothing was changed; sync again.");
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, entry.Mode);
            }

            staged.Add(relative);
        }

        var missing = plan.Files.Keys.Except(staged, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new AgentException(ErrorCodes.AgentFailed, $"The payload lacks {missing.Count} file(s) its plan lists, first '{missing[0]}'. Nothing was changed; sync again.");
        }

        return staged;
    }

    private static string WriteAndHash(Stream? data, string path)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920))
        {
            if (data is not null)
            {
                var buffer = new byte[81920];
                int read;
                while ((read = data.Read(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    file.Write(buffer, 0, read);
                }
            }

            file.Flush(flushToDisk: true);
        }

        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }

    private static int DeleteRemoved(string root, List<string> deletes)
    {
        var count = 0;
        foreach (var relative in deletes)
        {
            var path = RelativePaths.Combine(root, relative);
            if (File.Exists(path))
            {
                File.Delete(path);
                count++;
                PruneEmptyParents(root, Path.GetDirectoryName(path)!);
            }
        }

        return count;
    }

    internal static void PruneEmptyParents(string root, string dir)
    {
        var stop = root.TrimEnd(Path.DirectorySeparatorChar);
        while (dir.Length > stop.Length && dir.StartsWith(stop, StringComparison.Ordinal) && !Directory.EnumerateFileSystemEntries(dir).Any())
        {
            Directory.Delete(dir);
            dir = Path.GetDirectoryName(dir)!;
        }
    }
}
