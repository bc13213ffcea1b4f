using DevLoop.Core.Watch;

namespace DevLoop.Core.Tests.Watch;

public sealed class ChangeBatcherTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static ChangeBatcher Batcher() => new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2));

    [Fact]
    public void Nothing_is_due_without_changes()
    {
        var batcher = Batcher();
        Assert.Null(batcher.DueAt);
        Assert.Null(batcher.TryTake(T0));
    }

    [Fact]
    public void A_burst_of_saves_becomes_one_batch_after_the_quiet_period()
    {
        var batcher = Batcher();
        batcher.Add("a.cs", T0);
        batcher.Add("b.cs", T0.AddMilliseconds(50));
        batcher.Add("a.cs", T0.AddMilliseconds(120));

        Assert.Null(batcher.TryTake(T0.AddMilliseconds(300)));
        var batch = batcher.TryTake(T0.AddMilliseconds(320));

        Assert.NotNull(batch);
        Assert.Equal(new[] { "a.cs", "b.cs" }, batch!.Paths);
        Assert.Equal(TimeSpan.FromMilliseconds(320), batch.Debounce);
        Assert.False(batcher.HasChanges);
    }

    [Fact]
    public void A_steady_stream_of_saves_is_cut_at_the_maximum_wait()
    {
        var batcher = Batcher();
        for (var ms = 0; ms <= 2000; ms += 100)
        {
            batcher.Add($"f{ms}.cs", T0.AddMilliseconds(ms));
        }

        Assert.Equal(T0.AddSeconds(2), batcher.DueAt);
        Assert.Equal(21, batcher.TryTake(T0.AddSeconds(2))!.Paths.Count);
    }

    [Theory]
    [InlineData("Program.cs~", true)]
    [InlineData(".Program.cs.swp", true)]
    [InlineData("src/#Program.cs#", true)]
    [InlineData("src/.#Program.cs", true)]
    [InlineData("4913", true)]
    [InlineData("Program.cs", false)]
    [InlineData("Pages/Index.cshtml", false)]
    public void Editor_temp_files_are_noise(string path, bool noise)
    {
        Assert.Equal(noise, EditorNoise.IsNoise(path));
    }
}
