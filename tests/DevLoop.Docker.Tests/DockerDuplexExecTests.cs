using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Xunit.Abstractions;

namespace DevLoop.Docker.Tests;

/// <summary>A command kept running with stdin and stdout open, as the persistent agent session uses it, against the real engine.</summary>
[Collection(DockerCollection.Name)]
public sealed class DockerDuplexExecTests : IAsyncLifetime
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    private readonly SleepingContainer _container = new();
    private readonly DockerApiClient _client = DockerApiClient.FromEnvironment();
    private readonly ITestOutputHelper _log;

    public DockerDuplexExecTests(ITestOutputHelper log)
    {
        _log = log;
    }

    public Task InitializeAsync() => _container.InitializeAsync();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _container.DisposeAsync();
    }

    [Fact]
    public async Task Carries_two_thousand_request_reply_messages_over_one_exec_then_reports_exit_code_and_stderr()
    {
        var channel = await _container.ChannelAsync(_client);
        using var guard = new CancellationTokenSource(HangGuard);
        await using var exec = await channel.StartDuplexAsync(new[] { "sh", "-c", "while IFS= read -r line; do echo \"re:$line\"; done; echo bye >&2; exit 3" }, guard.Token);
        using var replies = new StreamReader(exec.Output, Encoding.UTF8);
        var times = new List<double>();

        for (var i = 0; i < 2000; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await exec.Input.WriteAsync(Encoding.UTF8.GetBytes($"message {i}\n"), guard.Token);
            await exec.Input.FlushAsync(guard.Token);
            Assert.Equal($"re:message {i}", await replies.ReadLineAsync(guard.Token));
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        exec.Input.Dispose();
        var result = await exec.Completion.WaitAsync(guard.Token);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("bye\n", result.Stderr);
        Assert.Null(await replies.ReadLineAsync(guard.Token));
        times.Sort();
        _log.WriteLine($"duplex round trip over {times.Count} messages: median {times[times.Count / 2]:F3} ms, p90 {times[times.Count * 9 / 10]:F3} ms");
    }

    [Fact]
    public async Task Large_messages_flow_both_ways_at_once_without_loss()
    {
        var channel = await _container.ChannelAsync(_client);
        using var guard = new CancellationTokenSource(HangGuard);
        await using var exec = await channel.StartDuplexAsync(new[] { "cat" }, guard.Token);
        var random = new Random(11);
        var messages = Enumerable.Range(1, 48).Select(i => { var m = new byte[i * 7919 + random.Next(1000)]; random.NextBytes(m); return m; }).ToList();
        var total = messages.Sum(m => m.Length);

        var writing = Task.Run(async () =>
        {
            foreach (var message in messages)
            {
                await exec.Input.WriteAsync(message, guard.Token);
            }

            exec.Input.Dispose();
        });
        var received = new MemoryStream();
        await exec.Output.CopyToAsync(received, guard.Token);
        await writing;

        Assert.Equal(total, (int)received.Length);
        Assert.Equal(SHA256.HashData(messages.SelectMany(m => m).ToArray()), SHA256.HashData(received.ToArray()));
        Assert.Equal(0, (await exec.Completion.WaitAsync(guard.Token)).ExitCode);
    }

    [Fact]
    public async Task Disposing_ends_the_input_so_the_command_finishes()
    {
        var channel = await _container.ChannelAsync(_client);
        using var guard = new CancellationTokenSource(HangGuard);
        var exec = await channel.StartDuplexAsync(new[] { "cat" }, guard.Token);
        await exec.Input.WriteAsync(Encoding.UTF8.GetBytes("hello\n"), guard.Token);

        await exec.DisposeAsync();

        Assert.Equal(0, (await exec.Completion.WaitAsync(guard.Token)).ExitCode);
    }

    [Fact]
    public async Task A_missing_program_ends_the_output_and_reports_its_exit_code()
    {
        var channel = await _container.ChannelAsync(_client);
        using var guard = new CancellationTokenSource(HangGuard);
        await using var exec = await channel.StartDuplexAsync(new[] { "no-such-program" }, guard.Token);

        var rest = await new StreamReader(exec.Output).ReadToEndAsync(guard.Token);
        var result = await exec.Completion.WaitAsync(guard.Token);

        Assert.True(result.ExitCode is 126 or 127, $"exit code {result.ExitCode}");
        Assert.Contains("not found", rest + result.Stderr);
    }
}
