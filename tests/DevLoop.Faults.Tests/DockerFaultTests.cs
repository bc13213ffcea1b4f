using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Core.Sync;
using DevLoop.Docker;
using DevLoop.Testing;

namespace DevLoop.Faults.Tests;

/// <summary>
/// Faults around a sync into a Docker container running v1 (the stock image, non-root, so the agent
/// keeps a shadow copy in /tmp): the sync of v2 goes through a proxy in front of the engine's socket,
/// which holds the 16 MiB payload half way while the fault happens. The tool killed is in
/// tests/DevLoop.EndToEnd.Tests (ToolKilledFaultTests), with the real tool as a process.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class DockerFaultTests
{
    private const string DockerSocket = "/var/run/docker.sock";
    private readonly FaultVersions _versions;

    public DockerFaultTests(FaultVersions versions)
    {
        _versions = versions;
    }

    private static long Half => FaultVersions.BallastBytes / 2;

    [Fact]
    public Task The_exec_stream_cut_mid_transfer() =>
        FaultRuns.RunAsync("Docker: the exec stream cut mid-transfer", (_, ct) => RunAsync(
            proxy => proxy.Arm(Half, FaultMoment.MidTransfer, FaultCut.ThisConnection), ct, refusedWith: ErrorCodes.ExecStreamCut, stays: false));

    [Fact]
    public Task The_container_killed_mid_transfer() =>
        FaultRuns.RunAsync("Docker: the container killed mid-transfer (then started again)", (_, ct) => RunAsync(
            proxy => proxy.Arm(Half, FaultMoment.MidTransfer, FaultCut.None, () => Testing.Docker.OkAsync("kill", _container!)), ct, afterFault: StartAgainAsync, refusedWith: ErrorCodes.TargetStoppedDuringSync, stays: false));

    [Fact]
    public Task The_container_restarted_mid_transfer() =>
        FaultRuns.RunAsync("Docker: the container restarted mid-transfer", (_, ct) => RunAsync(
            proxy => proxy.Arm(Half, FaultMoment.MidTransfer, FaultCut.None, () => Testing.Docker.OkAsync("restart", "-t", "0", _container!)), ct, refusedWith: ErrorCodes.TargetStoppedDuringSync, stays: false));

    [Fact]
    public Task The_container_removed_mid_transfer() =>
        FaultRuns.RunAsync("Docker: the container removed mid-transfer", (_, ct) => RunAsync(
            proxy => proxy.Arm(Half, FaultMoment.MidTransfer, FaultCut.None, () => Testing.Docker.OkAsync("rm", "-f", _container!)), ct, removed: true, refusedWith: ErrorCodes.TargetStoppedDuringSync, stays: false),
            targetMayGo: true);

    [Fact]
    public Task The_exec_stream_cut_once_the_payload_is_sent() =>
        FaultRuns.RunAsync("Docker: the exec stream cut once the payload is sent, while the agent applies", (_, ct) => RunAsync(
            proxy => proxy.Arm(FaultVersions.BallastBytes, FaultMoment.AfterUpload, FaultCut.ThisConnection), ct, refusedWith: ErrorCodes.ExecStreamCut, stays: false));

    [Fact]
    public Task The_container_killed_once_the_payload_is_sent() =>
        FaultRuns.RunAsync("Docker: the container killed once the payload is sent, while the agent applies (then started again)", (_, ct) => RunAsync(
            proxy => proxy.Arm(FaultVersions.BallastBytes, FaultMoment.AfterUpload, FaultCut.None, () => Testing.Docker.OkAsync("kill", _container!)), ct, afterFault: StartAgainAsync, refusedWith: ErrorCodes.TargetStoppedDuringSync, stays: false));

    [Fact]
    public Task A_full_tmp() =>
        FaultRuns.RunAsync("Docker: read-only root, /tmp too small for the shadow copy (24 MiB)", (_, ct) => RunAsync(
            null, ct, createArguments: new[] { "--read-only", "--tmpfs", "/tmp:size=24m" }, refusedWith: ErrorCodes.NoWritablePlace));

    [Fact]
    public Task A_read_only_root_without_a_tmpfs() =>
        FaultRuns.RunAsync("Docker: read-only root, no writable place", (_, ct) => RunAsync(
            null, ct, createArguments: new[] { "--read-only" }, refusedWith: ErrorCodes.NoWritablePlace));

    [Fact]
    public Task A_read_only_root_with_a_tmpfs() =>
        FaultRuns.RunAsync("Docker: read-only root with a tmpfs /tmp (64 MiB)", (_, ct) => RunAsync(
            null, ct, createArguments: new[] { "--read-only", "--tmpfs", "/tmp:size=64m,exec,mode=1777" }));

    [Fact]
    public Task Two_syncs_at_once_from_two_copies_of_the_project() =>
        FaultRuns.RunAsync("Docker: two syncs at once from two copies of the project (v2 and v3)", async (_, ct) =>
        {
            await using var container = await StartAsync(Testing.Docker.StockImage, Array.Empty<string>(), readOnly: false);
            using var client = DockerApiClient.FromEnvironment();
            using var states = new TempDirectory("devloop-fault-state");

            async Task<(int Version, bool Synced, IReadOnlyList<string> Warnings)> FromCopyAsync(string copy, string output, int version)
            {
                var log = new RecordingLog();
                var marks = new SyncMarks(null, SyncMarks.Timestamp(DateTimeOffset.UtcNow), "ana@laptop", "SampleWeb", SyncMarks.SourceOf("/src/" + copy));
                var inspect = await DockerContainerResolver.ResolveRunningAsync(client, container.Name, ct);
                var target = SyncTarget.WithAgentInAppDir(new DockerChannel(client, inspect), "/app");
                await new SyncEngine(log).SyncAsync(new SyncRequest(output, target, states.Combine(copy)) { Marks = marks }, ct);
                return (version, true, log.Warnings);
            }

            var both = await Task.WhenAll(FromCopyAsync("clone", _versions.V2, 2), FromCopyAsync("worktree", _versions.V3, 3));
            var found = await FoundAsync(container);
            var warned = both.Where(b => b.Warnings.Count > 0).ToList();

            // One whole version, the later sync's, and only that one says whose it replaced.
            var messageTrue = warned.Count == 1 && warned[0].Warnings.Count == 1
                && warned[0].Warnings[0].StartsWith(ErrorCodes.ReplacedAnotherSync + ":", StringComparison.Ordinal)
                && found.Version == warned[0].Version;
            var message = warned.Count == 0 ? "(no warning)" : warned[0].Warnings[0];
            var next = await NextSyncAsync(container, states.Combine("clone"), null, removed: false, ct);
            return new FaultOutcome(found, message, messageTrue, found.Lost, next);
        });

    private string? _container;

    private async Task StartAgainAsync(TestContainer container) => await Testing.Docker.OkAsync("start", container.Name);

    /// <summary>
    /// One run: a container at v1 with a file of its own in /app, a sync of v2 with the fault armed,
    /// then what the container holds and serves, and the next sync as the user would run it again.
    /// </summary>
    private async Task<FaultOutcome> RunAsync(
        Func<FaultProxy, Task>? arm,
        CancellationToken cancellationToken,
        Func<TestContainer, Task>? afterFault = null,
        bool removed = false,
        string[]? createArguments = null,
        string? refusedWith = null,
        bool stays = true)
    {
        var readOnly = createArguments?.Contains("--read-only") == true;
        var image = readOnly ? _versions.Image : Testing.Docker.StockImage;
        await using var container = await StartAsync(image, createArguments ?? Array.Empty<string>(), readOnly);
        _container = container.Name;
        await using var proxy = FaultProxy.ToUnixSocket(DockerSocket);
        using var state = new TempDirectory("devloop-fault-state");
        var fired = arm?.Invoke(proxy) ?? Task.CompletedTask;

        var log = new RecordingLog();
        string message;
        var synced = false;
        using (var client = new DockerApiClient(DockerEndpoint.Parse("tcp://127.0.0.1:" + proxy.Port)))
        {
            try
            {
                var result = await SyncAsync(client, container.Name, _versions.V2, state.Path, log, cancellationToken);
                synced = true;
                message = log.Warnings.Count > 0 ? string.Join(" ", log.Warnings) : $"synced {result.FilesPut} files, {result.Restart}";
            }
            catch (DevLoopException e)
            {
                message = $"{e.Code}: {e.Message}";
            }
        }

        await fired.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);

        if (afterFault is not null)
        {
            await afterFault(container);
        }

        var found = removed ? VersionFound.Gone("container removed") : await FoundAsync(container);
        var messageTrue = Truthful(message, synced, found, refusedWith);
        var next = await NextSyncAsync(container, state.Path, stays ? refusedWith : null, removed, cancellationToken);
        return new FaultOutcome(found, message, messageTrue, found.Lost || (synced && found.Version is not (null or 2)), next);
    }

    private async Task<TestContainer> StartAsync(string image, string[] createArguments, bool readOnly)
    {
        var port = FreePort.Next();
        var container = await Testing.Docker.StartAppAsync(image, _versions.V1, SampleApp.Assembly, port, createArguments);
        try
        {
            await Http.WaitForAsync(container.Url, body => body == "v1", TimeSpan.FromSeconds(60));
            if (!readOnly)
            {
                await Testing.Docker.OkAsync("exec", "-u", "root", container.Name, "sh", "-c", $"echo mine > /app/{VersionFound.UserFile}");
            }

            return container;
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    private static async Task<SyncResult> SyncAsync(DockerApiClient client, string container, string output, string state, IDevLoopLog log, CancellationToken cancellationToken)
    {
        var inspect = await DockerContainerResolver.ResolveRunningAsync(client, container, cancellationToken);
        var target = SyncTarget.WithAgentInAppDir(new DockerChannel(client, inspect), "/app");
        return await new SyncEngine(log).SyncAsync(new SyncRequest(output, target, state), cancellationToken);
    }

    /// <summary>What the container holds once its app answers again, and whether it serves that version.</summary>
    private async Task<VersionFound> FoundAsync(TestContainer container)
    {
        await VersionFound.AgentsDoneAsync(container.Name);
        string served;
        try
        {
            served = await Http.WaitForAsync(container.Url, body => body is "v1" or "v2" or "v3", TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException e)
        {
            return new VersionFound("corrupt", null, "the app does not answer: " + e.Message);
        }

        var readOnly = (await container.InspectAsync("{{.HostConfig.ReadonlyRootfs}}")).Trim() == "true";
        var found = await VersionFound.InContainerAsync(container.Name, _versions.Differing, userFile: !readOnly);
        return found.Whole && found.Version is { } version && served != "v" + version
            ? new VersionFound("mixed", null, $"the files are v{version}, the app serves {served}")
            : found;
    }

    /// <summary>
    /// A sync the fault hit must fail with the code the scenario expects, and the target must not
    /// have its version (nothing half done is reported as done); one it did not stop must succeed and
    /// the target hold v2.
    /// </summary>
    /// <remarks>A cut stream says what the command did is not known: the old version or the new one is then true.</remarks>
    private static bool Truthful(string message, bool synced, VersionFound found, string? refusedWith) =>
        refusedWith is null
            ? synced && found.Version == 2
            : !synced && message.StartsWith(refusedWith + ":", StringComparison.Ordinal) && (found.Version != 2 || refusedWith is ErrorCodes.ExecStreamCut or ErrorCodes.TargetStoppedDuringSync);

    /// <summary>The user runs the sync again, straight to the engine: v2 whole and served, the same refusal where the fault stays, or "no such container".</summary>
    private async Task<bool> NextSyncAsync(TestContainer container, string state, string? refusedWith, bool removed, CancellationToken cancellationToken)
    {
        using var client = DockerApiClient.FromEnvironment();
        try
        {
            await SyncAsync(client, container.Name, _versions.V2, state, NullLog.Instance, cancellationToken);
        }
        catch (DevLoopException e)
        {
            return (refusedWith is not null && e.Code == refusedWith) || (removed && e.Code == ErrorCodes.ContainerNotFound);
        }

        if (refusedWith is not null || removed)
        {
            return false;
        }

        var found = await FoundAsync(container);
        return found.Whole && found.Version == 2;
    }
}
