using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Targets.Providers;
using DevLoop.Targets.Settings;
using DevLoop.Testing;

namespace DevLoop.Targets.Tests.Providers;

public sealed class TargetProvidersTests
{
    [Fact]
    public void Each_transport_has_one_provider_found_by_its_name()
    {
        Assert.Equal(new[] { "local", "docker", "kubernetes" }, TargetProviders.Names);
        Assert.Equal("docker", TargetProviders.Get(" Docker ").Name);
        var error = Assert.Throws<DevLoopException>(() => TargetProviders.Get("heroku"));
        Assert.Equal(ErrorCodes.UnknownTarget, error.Code);
    }

    [Fact]
    public async Task The_local_session_refuses_an_output_without_the_agent_and_cannot_reset()
    {
        using var dir = new TempDirectory();
        var settings = DevLoopSettings.From(new Dictionary<string, string?>
        {
            ["DevLoopStateDir"] = Path.Combine(dir.Path, "state"),
            ["TargetDir"] = Path.Combine(dir.Path, "out"),
        });

        await using var session = await TargetProviders.Get("local").OpenAsync(settings, NullLog.Instance, CancellationToken.None);

        var missing = await Assert.ThrowsAsync<DevLoopException>(() => session.ReadyTargetsAsync(CancellationToken.None));
        Assert.Equal(ErrorCodes.AgentMissingInOutput, missing.Code);
        var reset = await Assert.ThrowsAsync<DevLoopException>(() => session.ResetAsync(CancellationToken.None));
        Assert.Equal(ErrorCodes.BadArguments, reset.Code);
        Assert.Null(session.Group);
    }
}
