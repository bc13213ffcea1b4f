using DevLoop.Core.Logging;

namespace DevLoop.Core.Tests.Logging;

public sealed class DeferredLogTests
{
    [Fact]
    public void Keeps_lines_until_attached_then_replays_them_in_order_and_forwards_the_rest()
    {
        var deferred = new DeferredLog();
        deferred.Detail("one");
        deferred.Warning("DL1011", "two");
        deferred.Info("three");
        var log = new RecordingLog();

        deferred.Attach(log);
        Assert.Equal(new[] { "detail one", "warning DL1011 two", "info three" }, log.Lines);

        deferred.Error("DL1007", "four");
        Assert.Equal("error DL1007 four", log.Lines[^1]);
        Assert.Equal(4, log.Lines.Count);
    }

    private sealed class RecordingLog : IDevLoopLog
    {
        public List<string> Lines { get; } = new();

        public void Detail(string message) => Lines.Add("detail " + message);

        public void Info(string message) => Lines.Add("info " + message);

        public void Warning(string code, string message) => Lines.Add($"warning {code} {message}");

        public void Error(string code, string message) => Lines.Add($"error {code} {message}");
    }
}
