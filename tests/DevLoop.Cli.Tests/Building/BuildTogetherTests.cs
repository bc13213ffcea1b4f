using DevLoop.Cli.Building;

namespace DevLoop.Cli.Tests.Building;

public sealed class BuildTogetherTests
{
    private sealed class Builds
    {
        public List<IReadOnlyList<string>> Made { get; } = new();

        public Task<IReadOnlyList<string>> BuildAsync(IReadOnlyList<string> projects, CancellationToken cancellationToken)
        {
            lock (Made)
            {
                Made.Add(projects);
            }

            return Task.FromResult<IReadOnlyList<string>>(projects.Select(p => "built " + p).ToList());
        }
    }

    [Fact]
    public async Task Services_that_saw_the_same_save_are_built_in_one_build()
    {
        var together = new BuildTogether();
        var builds = new Builds();
        together.Changing("A");
        together.Changing("B");

        var a = together.AskAsync<string, string>("A", "A.csproj", builds.BuildAsync, CancellationToken.None);
        await Task.Delay(300);
        Assert.False(a.IsCompleted, "A was built before B, which is still deciding, asked");
        var b = together.AskAsync<string, string>("B", "B.csproj", builds.BuildAsync, CancellationToken.None);

        Assert.Equal("built A.csproj", await a);
        Assert.Equal("built B.csproj", await b);
        var only = Assert.Single(builds.Made);
        Assert.Equal(new[] { "A.csproj", "B.csproj" }, only.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_service_that_needs_no_build_lets_the_others_build_at_once()
    {
        var together = new BuildTogether();
        var builds = new Builds();
        together.Changing("A");
        together.Changing("B");

        var a = together.AskAsync<string, string>("A", "A.csproj", builds.BuildAsync, CancellationToken.None);
        together.Decided("B");

        Assert.Equal("built A.csproj", await a.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(new[] { "A.csproj" }, Assert.Single(builds.Made));
    }

    [Fact]
    public async Task A_service_alone_builds_at_once_and_one_that_never_decides_holds_the_others_only_so_long()
    {
        var builds = new Builds();
        var alone = new BuildTogether();
        Assert.Equal("built A.csproj", await alone.AskAsync<string, string>("A", "A.csproj", builds.BuildAsync, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));

        var stuck = new BuildTogether(longestWait: TimeSpan.FromSeconds(1));
        stuck.Changing("B");
        Assert.Equal("built A.csproj", await stuck.AskAsync<string, string>("A", "A.csproj", builds.BuildAsync, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task One_asker_stopping_never_stops_the_others_build_and_all_stopping_does()
    {
        var together = new BuildTogether();
        together.Changing("A");
        together.Changing("B");
        CancellationToken buildToken = default;
        async Task<IReadOnlyList<string>> SlowAsync(IReadOnlyList<string> projects, CancellationToken cancellationToken)
        {
            buildToken = cancellationToken;
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return projects.Select(p => "built " + p).ToList();
        }

        using var stopA = new CancellationTokenSource();
        var a = together.AskAsync<string, string>("A", "A.csproj", SlowAsync, stopA.Token);
        var b = together.AskAsync<string, string>("B", "B.csproj", SlowAsync, CancellationToken.None);
        await Task.Delay(200);
        await stopA.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a);
        Assert.Equal("built B.csproj", await b.WaitAsync(TimeSpan.FromSeconds(10)));

        together.Changing("C");
        together.Changing("D");
        using var stopC = new CancellationTokenSource();
        using var stopD = new CancellationTokenSource();
        var c = together.AskAsync<string, string>("C", "C.csproj", SlowAsync, stopC.Token);
        var d = together.AskAsync<string, string>("D", "D.csproj", SlowAsync, stopD.Token);
        await Task.Delay(200);
        await stopC.CancelAsync();
        await stopD.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => c);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => d);
        Assert.True(buildToken.IsCancellationRequested);
    }

    [Fact]
    public async Task A_failed_build_fails_every_service_in_it_and_a_cancelled_ask_leaves_the_rest()
    {
        var together = new BuildTogether();
        together.Changing("A");
        together.Changing("B");
        Task<IReadOnlyList<string>> Fail(IReadOnlyList<string> projects, CancellationToken cancellationToken) => throw new InvalidOperationException("MSBuild broke");

        var a = together.AskAsync<string, string>("A", "A.csproj", Fail, CancellationToken.None);
        var b = together.AskAsync<string, string>("B", "B.csproj", Fail, CancellationToken.None);

        Assert.Equal("MSBuild broke", (await Assert.ThrowsAsync<InvalidOperationException>(() => a)).Message);
        Assert.Equal("MSBuild broke", (await Assert.ThrowsAsync<InvalidOperationException>(() => b)).Message);

        var builds = new Builds();
        together.Changing("C");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => together.AskAsync<string, string>("D", "D.csproj", builds.BuildAsync, cancel.Token));
        together.Decided("C");
        Assert.Empty(builds.Made);
    }
}
