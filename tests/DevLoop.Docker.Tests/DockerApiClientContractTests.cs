using System.Text;
using DevLoop.Core.Errors;
using DevLoop.Testing;

namespace DevLoop.Docker.Tests;

/// <summary>The Engine API client against the real Docker engine, over its Unix socket.</summary>
[Collection(DockerCollection.Name)]
public sealed class DockerApiClientContractTests : IAsyncLifetime
{
    private readonly DockerApiClient _client = DockerApiClient.FromEnvironment();
    private string _container = string.Empty;

    public async Task InitializeAsync()
    {
        await Testing.Docker.EnsureReadyAsync();
        _container = "devloop-contract-" + Guid.NewGuid().ToString("N")[..8];
        await Testing.Docker.OkAsync("run", "-d", "--name", _container, "--network", "host", Testing.Docker.StockImage, "sleep", "600");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await Testing.Docker.RunAsync("rm", "-f", _container);
    }

    private async Task<string> IdAsync() => (await _client.InspectContainerAsync(_container, CancellationToken.None))!.Id;

    [Fact]
    public async Task Negotiates_an_api_version_the_daemon_supports()
    {
        var prefix = await _client.GetApiPrefixAsync(CancellationToken.None);
        Assert.Matches(@"^v1\.\d+/$", prefix);
    }

    [Fact]
    public async Task Inspect_finds_running_containers_and_returns_null_for_unknown_names()
    {
        var inspect = await _client.InspectContainerAsync(_container, CancellationToken.None);
        Assert.NotNull(inspect);
        Assert.True(inspect!.State.Running);
        Assert.Equal("1654", inspect.Config.User);
        Assert.Null(await _client.InspectContainerAsync("devloop-no-such-container", CancellationToken.None));
    }

    [Fact]
    public async Task Exec_streams_stdin_to_the_process_and_returns_stdout_stderr_and_exit_code()
    {
        var channel = new DockerChannel(_client, (await _client.InspectContainerAsync(_container, CancellationToken.None))!);
        var input = new string('x', 300_000) + "end";

        var result = await channel.ExecAsync(new[] { "sh", "-c", "cat; echo oops >&2; exit 7" }, new MemoryStream(Encoding.UTF8.GetBytes(input)), CancellationToken.None);

        Assert.Equal(7, result.ExitCode);
        Assert.Equal(input, result.Stdout);
        Assert.Equal("oops\n", result.Stderr);
    }

    [Fact]
    public async Task Exec_of_a_missing_program_reports_it_in_the_output_and_exit_code()
    {
        var channel = new DockerChannel(_client, (await _client.InspectContainerAsync(_container, CancellationToken.None))!);

        var result = await channel.ExecAsync(new[] { "no-such-program" }, null, CancellationToken.None);

        Assert.True(result.ExitCode is 126 or 127, $"exit code {result.ExitCode}");
        Assert.Contains("not found", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Path_exists_asks_the_engine_without_a_shell()
    {
        var id = await IdAsync();
        Assert.True(await _client.PathExistsAsync(id, "/app", CancellationToken.None));
        Assert.False(await _client.PathExistsAsync(id, "/no/such/dir", CancellationToken.None));
    }

    [Fact]
    public async Task Logs_stream_the_containers_output()
    {
        var name = "devloop-logs-" + Guid.NewGuid().ToString("N")[..8];
        await Testing.Docker.OkAsync("run", "-d", "--name", name, "--network", "host", Testing.Docker.StockImage, "sh", "-c", "echo hello-out; echo hello-err >&2; sleep 30");
        try
        {
            await Task.Delay(500);
            using var stream = await _client.GetLogStreamAsync(name, follow: false, "all", CancellationToken.None);
            var frames = new List<(int, string)>();
            var buffer = new byte[16384];
            while (await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None) is { EOF: false } frame)
            {
                frames.Add(((int)frame.Target, Encoding.UTF8.GetString(buffer, 0, frame.Count)));
            }

            Assert.Contains((1, "hello-out\n"), frames);
            Assert.Contains((2, "hello-err\n"), frames);
        }
        finally
        {
            await Testing.Docker.RunAsync("rm", "-f", name);
        }
    }

    [Fact]
    public async Task An_unreachable_engine_is_a_coded_error_naming_the_address()
    {
        using var client = new DockerApiClient(DockerEndpoint.Parse("unix:///nonexistent/docker.sock"));

        var error = await Assert.ThrowsAsync<DevLoopException>(() => client.InspectContainerAsync("x", CancellationToken.None));

        Assert.Equal(ErrorCodes.DockerUnreachable, error.Code);
        Assert.Contains("unix:///nonexistent/docker.sock", error.Message);
    }

    [Theory]
    [InlineData("npipe:////./pipe/docker_engine")]
    [InlineData("ssh://me@host")]
    public void Unsupported_docker_hosts_are_refused_with_a_coded_error(string host)
    {
        Assert.Equal(ErrorCodes.BadDockerHost, Assert.Throws<DevLoopException>(() => DockerEndpoint.Parse(host)).Code);
    }
}
