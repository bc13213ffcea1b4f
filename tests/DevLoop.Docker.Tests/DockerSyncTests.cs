using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Core.Sync;
using DevLoop.Testing;

namespace DevLoop.Docker.Tests;

/// <summary>
/// The engine, the Docker channel and the agent together, against real containers shaped like the
/// stock images (non-root user, /app owned by root, `dotnet App.dll` as PID 1) and a chiseled-like
/// image with no shell and no tar.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class DockerSyncTests : IDisposable
{
    private readonly SampleBuilds _builds;
    private readonly TempDirectory _state = new("devloop-state");

    public DockerSyncTests(SampleBuilds builds)
    {
        _builds = builds;
    }

    public void Dispose() => _state.Dispose();

    private async Task<SyncResult> SyncAsync(string container, string output, string appDir = "/app")
    {
        using var client = DockerApiClient.FromEnvironment();
        var inspect = await DockerContainerResolver.ResolveRunningAsync(client, container, CancellationToken.None);
        var target = SyncTarget.WithAgentInAppDir(new DockerChannel(client, inspect), appDir);
        try
        {
            return await new SyncEngine(NullLog.Instance).SyncAsync(new SyncRequest(output, target, _state.Path), CancellationToken.None);
        }
        catch (DevLoopException e) when (e.Code is ErrorCodes.AgentFailed or ErrorCodes.TargetStoppedDuringSync)
        {
            // Keep what the container said: an agent killed mid-apply usually means the app died.
            var state = await Testing.Docker.RunAsync("inspect", "-f", "{{.State.Status}} exit={{.State.ExitCode}} oom={{.State.OOMKilled}}", container);
            var logs = await Testing.Docker.RunAsync("logs", "--tail", "40", container);
            throw new DevLoopException(e.Code, $"{e.Message}\ncontainer: {state.Output}\nlogs:\n{logs.Output}", e);
        }
    }

    private static async Task<(string Pid, string StartedAt, string Restarts)> ContainerStateAsync(TestContainer container)
    {
        var state = (await container.InspectAsync("{{.State.Pid}} {{.State.StartedAt}} {{.RestartCount}}")).Split(' ');
        return (state[0], state[1], state[2]);
    }

    [Theory]
    [InlineData(Testing.Docker.StockImage)]
    [InlineData(Testing.Docker.ChiseledImage)]
    public async Task Sync_restarts_the_app_in_place_with_the_new_code(string image)
    {
        var port = FreePort.Next();
        await using var container = await Testing.Docker.StartAppAsync(image, _builds.V1, SampleApp.Assembly, port);
        await Http.WaitForAsync(container.Url, body => body == "v1", TimeSpan.FromSeconds(30));
        var before = await ContainerStateAsync(container);
        var pidInside = await Http.GetAsync(container.Url + "pid");

        var result = await SyncAsync(container.Name, _builds.V2);

        Assert.Equal(RestartOutcome.Restarted, result.Restart);
        Assert.InRange(result.FilesPut, 1, 3);
        await Http.WaitForAsync(container.Url, body => body == "v2", TimeSpan.FromSeconds(30));
        Assert.Equal(before, await ContainerStateAsync(container));
        Assert.Equal(pidInside, await Http.GetAsync(container.Url + "pid"));
        Assert.Equal("1", pidInside);
        // /app is owned by root and the app runs as UID 1654: the agent keeps a shadow copy and the app runs from it.
        Assert.StartsWith("/tmp/devloop/", await Http.GetAsync(container.Url + "cwd"));
    }

    [Fact]
    public async Task The_agent_runs_on_a_container_that_has_only_the_NET_8_runtime()
    {
        var port = FreePort.Next();
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.Net8Image, _builds.V1Net8, SampleApp.Assembly, port);
        await Http.WaitForAsync(container.Url, body => body == "v1", TimeSpan.FromSeconds(30));
        Assert.StartsWith(".NET 8.", await Http.GetAsync(container.Url + "runtime"));

        var result = await SyncAsync(container.Name, _builds.V2Net8);

        Assert.Equal(RestartOutcome.Restarted, result.Restart);
        await Http.WaitForAsync(container.Url, body => body == "v2", TimeSpan.FromSeconds(30));
        Assert.Equal("1", await Http.GetAsync(container.Url + "pid"));
        Assert.StartsWith(".NET 8.", await Http.GetAsync(container.Url + "runtime"));
    }

    [Fact]
    public async Task A_second_sync_with_nothing_changed_ships_nothing_and_a_change_back_ships_only_it()
    {
        var port = FreePort.Next();
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, _builds.V1, SampleApp.Assembly, port);
        await Http.WaitForAsync(container.Url, body => body == "v1", TimeSpan.FromSeconds(30));

        await SyncAsync(container.Name, _builds.V2);
        var again = await SyncAsync(container.Name, _builds.V2);
        Assert.True(again.NothingChanged);

        var back = await SyncAsync(container.Name, _builds.V1);
        Assert.InRange(back.FilesPut, 1, 3);
        await Http.WaitForAsync(container.Url, body => body == "v1", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task After_a_container_restart_the_app_resumes_from_the_synced_files_and_syncs_go_on()
    {
        var port = FreePort.Next();
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, _builds.V1, SampleApp.Assembly, port);
        await Http.WaitForAsync(container.Url, body => body == "v1", TimeSpan.FromSeconds(30));
        await SyncAsync(container.Name, _builds.V2);
        await Http.WaitForAsync(container.Url, body => body == "v2", TimeSpan.FromSeconds(30));

        await Testing.Docker.OkAsync("restart", "-t", "5", container.Name);

        // The image's /app still holds v1; the synced v2 lives in the shadow copy the engine knows of.
        await Http.WaitForAsync(container.Url, body => body == "v2", TimeSpan.FromSeconds(30));
        var back = await SyncAsync(container.Name, _builds.V1);
        Assert.Equal(RestartOutcome.Restarted, back.Restart);
        await Http.WaitForAsync(container.Url, body => body == "v1", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Files_the_container_had_that_the_build_output_lacks_are_kept()
    {
        var port = FreePort.Next();
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, _builds.V1, SampleApp.Assembly, port);
        using var extra = new TempDirectory();
        extra.Write("wwwroot/site.css", "body{}");
        await Testing.Docker.OkAsync("cp", extra.Combine("wwwroot"), container.Name + ":/app/");
        await Http.WaitForAsync(container.Url, body => body == "v1", TimeSpan.FromSeconds(30));

        await SyncAsync(container.Name, _builds.V2);

        await Http.WaitForAsync(container.Url, body => body == "v2", TimeSpan.FromSeconds(30));
        var cwd = await Http.GetAsync(container.Url + "cwd");
        Assert.Equal("body{}", await Testing.Docker.OkAsync("exec", container.Name, "cat", cwd + "/wwwroot/site.css"));
    }

    [Fact]
    public async Task Without_the_agent_but_with_sh_and_tar_files_go_through_tar_and_the_container_restarts()
    {
        var port = FreePort.Next();
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, _builds.V1WithoutAgent, SampleApp.Assembly, port, "--user", "0");
        await Http.WaitForAsync(container.Url, body => body == "v1", TimeSpan.FromSeconds(30));

        var result = await SyncAsync(container.Name, _builds.V2WithoutAgent);

        Assert.Equal(RestartOutcome.ContainerRestarted, result.Restart);
        await Http.WaitForAsync(container.Url, body => body == "v2", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Without_the_agent_and_without_sh_and_tar_the_error_names_the_fix()
    {
        var port = FreePort.Next();
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.ChiseledImage, _builds.V1WithoutAgent, SampleApp.Assembly, port);
        await Http.WaitForAsync(container.Url, body => body == "v1", TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<DevLoopException>(() => SyncAsync(container.Name, _builds.V2WithoutAgent));

        Assert.Equal(ErrorCodes.NoAgentNoTar, error.Code);
        Assert.Contains("DevLoop.Build", error.Message);
        Assert.Equal("v1", await Http.GetAsync(container.Url));
    }

    [Fact]
    public async Task A_read_only_container_with_no_writable_volume_is_refused_and_keeps_running()
    {
        var port = FreePort.Next();
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, _builds.V1, SampleApp.Assembly, port, "--read-only");
        await Http.WaitForAsync(container.Url, body => body == "v1", TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<DevLoopException>(() => SyncAsync(container.Name, _builds.V2));

        Assert.Equal(ErrorCodes.NoWritablePlace, error.Code);
        Assert.Contains("tmpfs", error.Message);
        Assert.Equal("v1", await Http.GetAsync(container.Url));
    }

    [Fact]
    public async Task Two_copies_of_a_project_syncing_different_code_at_once_leave_one_whole_version_and_the_later_says_whose_it_replaced()
    {
        var port = FreePort.Next();
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, _builds.V1, SampleApp.Assembly, port);
        await Http.WaitForAsync(container.Url, body => body == "v1", TimeSpan.FromSeconds(30));
        using var client = DockerApiClient.FromEnvironment();
        var inspect = await DockerContainerResolver.ResolveRunningAsync(client, container.Name, CancellationToken.None);
        using var states = new TempDirectory();

        async Task<(string Output, RecordingLog Log)> SyncFromCopyAsync(string copy, string output)
        {
            var log = new RecordingLog();
            var target = SyncTarget.WithAgentInAppDir(new DockerChannel(client, inspect), "/app");
            var marks = new SyncMarks(null, SyncMarks.Timestamp(DateTimeOffset.UtcNow), "ana@laptop", "SampleWeb", SyncMarks.SourceOf("/src/" + copy));
            await new SyncEngine(log).SyncAsync(new SyncRequest(output, target, states.Combine(copy)) { Marks = marks }, CancellationToken.None);
            return (output, log);
        }

        var both = await Task.WhenAll(SyncFromCopyAsync("clone", _builds.V2), SyncFromCopyAsync("worktree", _builds.V3));

        // One whole version serves: the later sync's, and only the later one says whose it replaced.
        var served = await Http.GetAsync(container.Url);
        Assert.Contains(served, new[] { "v2", "v3" });
        var later = both.Single(b => b.Log.Warnings.Any(w => w.StartsWith(ErrorCodes.ReplacedAnotherSync, StringComparison.Ordinal)));
        var earlier = both.Single(b => b != later);
        Assert.Empty(earlier.Log.Warnings);
        Assert.Equal(later.Output == _builds.V2 ? "v2" : "v3", served);
        Assert.Contains("(SampleWeb, synced ", Assert.Single(later.Log.Warnings));
    }

    [Fact]
    public async Task A_tmp_too_small_for_the_shadow_copy_is_refused_saying_it_is_full_how_much_is_needed_and_what_to_give()
    {
        var port = FreePort.Next();
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, _builds.V1, SampleApp.Assembly, port, "--read-only", "--tmpfs", "/tmp:exec,mode=1777,size=32k");
        await Http.WaitForAsync(container.Url, body => body == "v1", TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<DevLoopException>(() => SyncAsync(container.Name, _builds.V2));

        Assert.Equal(ErrorCodes.NoWritablePlace, error.Code);
        Assert.Contains("There is no room left in '/tmp/devloop/", error.Message);
        Assert.Matches(@"the shadow copy of the app folder '/app' \([0-9.]+ [KM]iB\) and this sync's files \([0-9.]+ [KM]iB\) need [0-9.]+ [KM]iB and [0-9]+ KiB is free there", error.Message);
        Assert.Contains("--tmpfs /tmp:size=", error.Message);
        Assert.Contains("Nothing was changed.", error.Message);
        Assert.DoesNotContain("No space left on device", error.Message);
        Assert.Equal("v1", await Http.GetAsync(container.Url));

        // No half copy is left to keep the app's /tmp full.
        var left = await Testing.Docker.OkAsync("exec", container.Name, "sh", "-c", "ls -A /tmp/devloop/*/");
        Assert.Equal(new[] { "agent.sock", "apply.lock" }, left.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Fact]
    public async Task A_read_only_container_with_a_writable_tmp_is_synced_through_the_shadow_copy()
    {
        var port = FreePort.Next();
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, _builds.V1, SampleApp.Assembly, port, "--read-only", "--tmpfs", "/tmp:exec,mode=1777");
        await Http.WaitForAsync(container.Url, body => body == "v1", TimeSpan.FromSeconds(30));

        await SyncAsync(container.Name, _builds.V2);

        await Http.WaitForAsync(container.Url, body => body == "v2", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_wrong_app_folder_is_a_coded_error()
    {
        var port = FreePort.Next();
        await using var container = await Testing.Docker.StartAppAsync(Testing.Docker.StockImage, _builds.V1, SampleApp.Assembly, port);

        var error = await Assert.ThrowsAsync<DevLoopException>(() => SyncAsync(container.Name, _builds.V2, appDir: "/srv/not-here"));

        Assert.Equal(ErrorCodes.AppDirMissing, error.Code);
        Assert.Contains("/srv/not-here", error.Message);
    }

    [Fact]
    public async Task Missing_and_stopped_containers_are_coded_errors()
    {
        var missing = await Assert.ThrowsAsync<DevLoopException>(() => SyncAsync("devloop-no-such-container", _builds.V2));
        Assert.Equal(ErrorCodes.ContainerNotFound, missing.Code);

        var name = "devloop-stopped-" + Guid.NewGuid().ToString("N")[..8];
        await Testing.Docker.OkAsync("create", "--name", name, Testing.Docker.StockImage, "sleep", "1");
        try
        {
            var stopped = await Assert.ThrowsAsync<DevLoopException>(() => SyncAsync(name, _builds.V2));
            Assert.Equal(ErrorCodes.ContainerNotRunning, stopped.Code);
            Assert.Contains("docker start", stopped.Message);
        }
        finally
        {
            await Testing.Docker.RunAsync("rm", "-f", name);
        }
    }

    [Fact]
    public async Task A_container_is_found_by_its_exact_name_or_an_id_prefix()
    {
        var name = "devloop-find-" + Guid.NewGuid().ToString("N")[..8];
        var id = await Testing.Docker.OkAsync("create", "--name", name, Testing.Docker.StockImage, "sleep", "1");
        var longerId = await Testing.Docker.OkAsync("create", "--name", name + "-2", Testing.Docker.StockImage, "sleep", "1");
        try
        {
            using var client = DockerApiClient.FromEnvironment();

            Assert.Equal(id, (await client.FindContainerAsync(name, CancellationToken.None))!.Id);
            Assert.Equal(longerId, (await client.FindContainerAsync(name + "-2", CancellationToken.None))!.Id);
            Assert.Equal(id, (await client.FindContainerAsync(id[..12], CancellationToken.None))!.Id);
            Assert.Equal("/" + name, (await client.FindContainerAsync(id, CancellationToken.None))!.Name);
            Assert.Null(await client.FindContainerAsync(name[..^2], CancellationToken.None));
            var stopped = await Assert.ThrowsAsync<DevLoopException>(() => DockerContainerResolver.ResolveRunningAsync(client, name, CancellationToken.None));
            Assert.Contains("Created", stopped.Message);
        }
        finally
        {
            await Testing.Docker.RunAsync("rm", "-f", name, name + "-2");
        }
    }
}
