using DevLoop.Core.Agent;
using DevLoop.Core.Channels;
using DevLoop.Core.Sync;

namespace DevLoop.Core.Tests.Channels;

public sealed class ExitCodesTests
{
    [Theory]
    [InlineData(126, true)]
    [InlineData(127, true)]
    [InlineData(129, true)]
    [InlineData(0, false)]
    [InlineData(3, false)]
    [InlineData(137, false)]
    public void A_missing_agent_is_told_by_the_exit_code_alone(int exitCode, bool missing)
    {
        // Whatever the output says: only the code counts.
        Assert.Equal(missing, AgentClient.IsAgentMissing(new ExecResult(exitCode, "does not exist", "executable file not found")));
    }

    [Fact]
    public async Task Dotnet_without_the_agent_exits_with_the_code_named_for_it()
    {
        using var sandbox = new DevLoop.Testing.TempDirectory();
        var result = await new LocalProcessChannel(sandbox.Path).ExecAsync(new[] { "dotnet", "exec", sandbox.Combine("DevLoop.Agent.dll"), "generation" }, null, CancellationToken.None);

        Assert.Equal(ExitCodes.DotNetAppMissing, result.ExitCode);
    }

    [Fact]
    public void A_restart_that_is_not_serving_says_so_in_the_summary()
    {
        var result = new SyncResult("container 'web'", 1, 0, 100, TimeSpan.Zero, TimeSpan.FromMilliseconds(900), RestartOutcome.NotServing, TimeSpan.FromSeconds(60));

        Assert.Equal("DevLoop: synced 1 file (100 B) to container 'web' in 900 ms; restarted in place but not serving after 60000 ms.", SyncResultFormatter.Format(result));
    }
}
