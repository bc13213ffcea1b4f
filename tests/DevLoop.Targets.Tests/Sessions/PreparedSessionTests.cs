using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Targets.Sessions;
using DevLoop.Targets.Settings;
using DevLoop.Testing;

namespace DevLoop.Targets.Tests.Sessions;

public sealed class PreparedSessionTests
{
    [Fact]
    public async Task An_error_while_preparing_is_raised_when_the_session_is_taken()
    {
        using var dir = new TempDirectory();
        using var prepared = PreparedSession.Start(LocalSettings(dir));

        // The output has no agent: finding the ready targets fails in the background, and says so on taking.
        var error = await Assert.ThrowsAsync<DevLoopException>(() => prepared.TakeAsync(NullLog.Instance, CancellationToken.None));
        Assert.Equal(ErrorCodes.AgentMissingInOutput, error.Code);
    }

    [Fact]
    public async Task A_session_is_taken_once()
    {
        using var dir = new TempDirectory();
        using var prepared = PreparedSession.Start(LocalSettings(dir));
        await Assert.ThrowsAsync<DevLoopException>(() => prepared.TakeAsync(NullLog.Instance, CancellationToken.None));

        await Assert.ThrowsAsync<InvalidOperationException>(() => prepared.TakeAsync(NullLog.Instance, CancellationToken.None));
    }

    [Fact]
    public async Task A_disposed_session_cannot_be_taken()
    {
        using var dir = new TempDirectory();
        var prepared = PreparedSession.Start(LocalSettings(dir));

        prepared.Dispose();
        prepared.Dispose();
        await Assert.ThrowsAsync<InvalidOperationException>(() => prepared.TakeAsync(NullLog.Instance, CancellationToken.None));
    }

    private static DevLoopSettings LocalSettings(TempDirectory dir) => DevLoopSettings.From(new Dictionary<string, string?>
    {
        ["DevLoopStateDir"] = Path.Combine(dir.Path, "state"),
        ["TargetDir"] = Path.Combine(dir.Path, "out"),
    });
}
