using DevLoop.Core.Errors;
using DevLoop.Core.Logging;
using DevLoop.Targets.Providers;
using DevLoop.Targets.Settings;
using DevLoop.Targets.Status;
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
    public async Task The_local_session_refuses_an_output_without_the_agent_and_has_nothing_to_reset_or_report()
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
        // A solution's reset and status go on past a local service: it changes nothing outside watch.
        Assert.Equal(new ResetOutcome(0, 0), await session.ResetAsync(CancellationToken.None));
        var status = Assert.Single(await session.StatusAsync(CancellationToken.None));
        Assert.Equal("not synced", status.State);
        Assert.Null(status.DiffersFromImage);
        Assert.Null(session.Group);
    }
}
