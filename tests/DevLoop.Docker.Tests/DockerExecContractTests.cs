using System.Text;
using DevLoop.Core.Errors;

namespace DevLoop.Docker.Tests;

/// <summary>Exec through Docker.DotNet against the real engine: output, exit codes, and processes that stop reading their input.</summary>
[Collection(DockerCollection.Name)]
public sealed class DockerExecContractTests : IAsyncLifetime
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    private readonly SleepingContainer _container = new();
    private readonly DockerApiClient _client = DockerApiClient.FromEnvironment();

    public Task InitializeAsync() => _container.InitializeAsync();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _container.DisposeAsync();
    }

    private static MemoryStream TwentyMegabytes() => new(new byte[20 * 1024 * 1024]);

    [Fact]
    public async Task Without_stdin_the_output_streams_and_exit_code_come_back()
    {
        var channel = await _container.ChannelAsync(_client);

        var result = await channel.ExecAsync(new[] { "sh", "-c", "echo out; echo err >&2; exit 3" }, null, CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
    }

    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 1", 1)]
    [InlineData("exit 42", 42)]
    [InlineData("exit 255", 255)]
    [InlineData("kill -9 $$", 137)]
    public async Task Exit_codes_are_reported_as_the_process_left_them(string script, int expected)
    {
        var channel = await _container.ChannelAsync(_client);

        var result = await channel.ExecAsync(new[] { "sh", "-c", script }, new MemoryStream(Encoding.UTF8.GetBytes("ignored")), CancellationToken.None);

        Assert.Equal(expected, result.ExitCode);
    }

    [Fact]
    public async Task Twenty_megabytes_into_a_process_that_exits_at_once_returns_with_its_exit_code()
    {
        var channel = await _container.ChannelAsync(_client);
        using var guard = new CancellationTokenSource(HangGuard);

        var result = await channel.ExecAsync(new[] { "sh", "-c", "exit 0" }, TwentyMegabytes(), guard.Token);

        Assert.Equal(0, result.ExitCode);
        Assert.False(guard.IsCancellationRequested);
    }

    [Fact]
    public async Task Twenty_megabytes_into_a_missing_program_returns_with_its_exit_code()
    {
        var channel = await _container.ChannelAsync(_client);
        using var guard = new CancellationTokenSource(HangGuard);

        var result = await channel.ExecAsync(new[] { "no-such-program" }, TwentyMegabytes(), guard.Token);

        Assert.True(result.ExitCode is 126 or 127, $"exit code {result.ExitCode}");

        // The runtime says why: never the silent 126 of a cut stream (DL1017).
        Assert.Contains("not found", result.Stdout + result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_process_that_reads_part_of_its_input_returns_what_it_read()
    {
        var channel = await _container.ChannelAsync(_client);
        using var guard = new CancellationTokenSource(HangGuard);
        var input = new MemoryStream(Encoding.ASCII.GetBytes("0123456789" + new string('x', 20 * 1024 * 1024)));

        var result = await channel.ExecAsync(new[] { "head", "-c", "10" }, input, guard.Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("0123456789", result.Stdout);
    }

    [Fact]
    public async Task Twenty_megabytes_through_cat_arrive_whole()
    {
        var channel = await _container.ChannelAsync(_client);
        var input = new byte[20 * 1024 * 1024];
        new Random(7).NextBytes(input);
        var base64 = Encoding.ASCII.GetBytes(Convert.ToBase64String(input));
        using var guard = new CancellationTokenSource(HangGuard);

        var result = await channel.ExecAsync(new[] { "cat" }, new MemoryStream(base64), guard.Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(base64.Length, result.Stdout.Length);
        Assert.Equal(Encoding.ASCII.GetString(base64), result.Stdout);
    }

    [Fact]
    public async Task A_failing_input_stream_is_the_callers_failure_not_a_broken_exec()
    {
        var channel = await _container.ChannelAsync(_client);

        await Assert.ThrowsAsync<InvalidDataException>(() => channel.ExecAsync(new[] { "cat" }, new FailingStream(), CancellationToken.None));
    }

    [Fact]
    public async Task Restart_keeps_the_writable_layer_and_starts_the_container_again()
    {
        var channel = await _container.ChannelAsync(_client);
        await channel.ExecAsync(new[] { "sh", "-c", "echo kept > /tmp/marker" }, null, CancellationToken.None);
        var before = (await _client.InspectContainerAsync(_container.Name, CancellationToken.None))!.State.StartedAt;

        await channel.RestartContainerAsync(CancellationToken.None);

        var after = (await _client.InspectContainerAsync(_container.Name, CancellationToken.None))!;
        Assert.True(after.State.Running);
        Assert.NotEqual(before, after.State.StartedAt);
        Assert.Equal("kept\n", (await channel.ExecAsync(new[] { "cat", "/tmp/marker" }, null, CancellationToken.None)).Stdout);
    }

    [Fact]
    public async Task Logs_follow_until_the_container_exits()
    {
        var name = "devloop-follow-" + Guid.NewGuid().ToString("N")[..8];
        await Testing.Docker.OkAsync("run", "-d", "--name", name, "--network", "host", Testing.Docker.StockImage, "sh", "-c", "echo one; sleep 1; echo two >&2; sleep 1; echo three");
        try
        {
            using var guard = new CancellationTokenSource(HangGuard);
            using var stream = await _client.GetLogStreamAsync(name, follow: true, "all", guard.Token);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(guard.Token);

            Assert.Equal("one\nthree\n", stdout);
            Assert.Equal("two\n", stderr);
        }
        finally
        {
            await Testing.Docker.RunAsync("rm", "-f", name);
        }
    }

    [Fact]
    public async Task Exec_in_a_container_that_is_gone_is_a_coded_engine_error()
    {
        var channel = await _container.ChannelAsync(_client);
        await Testing.Docker.OkAsync("rm", "-f", _container.Name);

        var error = await Assert.ThrowsAsync<DevLoopException>(() => channel.ExecAsync(new[] { "true" }, null, CancellationToken.None));

        Assert.Equal(ErrorCodes.DockerApiError, error.Code);
        Assert.Contains("404", error.Message);
    }

    private sealed class FailingStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new InvalidDataException("the payload could not be made"));
    }
}
