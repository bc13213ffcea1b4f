using System.Text.Json;
using DevLoop.Cli.Output;
using DevLoop.Targets.Status;

namespace DevLoop.Cli.Tests.Status;

public sealed class StatusTableTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 15, 0, 0, TimeSpan.Zero);

    private static TargetStatus Synced(string service, string target) => new()
    {
        Service = service,
        Target = target,
        State = "Ready",
        Ready = true,
        DiffersFromImage = true,
        Commit = "0123456789abcdef0123456789abcdef01234567",
        SyncedAt = "2026-12-02T14:57:00Z",
        SyncedBy = "ana@laptop",
    };

    [Fact]
    public void Rows_are_aligned_with_short_commits_relative_times_and_a_summary()
    {
        var lines = StatusTable.Lines(new[] { Synced("Orders", "pod/orders-1"), new TargetStatus { Service = "Billing", Target = "container/billing", State = "running", Ready = true, DiffersFromImage = false } }, Now);

        Assert.Equal("SERVICE   TARGET              STATE     READY   CHANGED   COMMIT         SYNCED   BY", lines[0]);
        Assert.Equal("Orders    pod/orders-1        Ready     yes     yes       0123456789ab   3m ago   ana@laptop", lines[1]);
        Assert.Equal("Billing   container/billing   running   yes     no        -              -        -", lines[2]);
        Assert.Equal("1 of 2 target(s) run code DevLoop synced, not their image's; 'dotnet devloop reset' puts the images' code back.", lines[3]);
    }

    [Fact]
    public void Notes_become_numbered_footnotes_and_gitops_gets_a_column_only_when_a_row_has_it()
    {
        var rows = new[]
        {
            Synced("Orders", "pod/orders-1") with { GitOps = "Argo CD (shop)" },
            new TargetStatus { Service = "Orders", Target = "pod/orders-2", State = "CrashLoopBackOff", Ready = false, Note = "container 'orders' is not running" },
        };

        var lines = StatusTable.Lines(rows, Now);

        Assert.EndsWith("GITOPS", lines[0]);
        Assert.EndsWith("Argo CD (shop)", lines[1]);
        Assert.Contains("pod/orders-2 [1]", lines[2]);
        Assert.Contains(" ? ", lines[2]);
        Assert.Equal("[1] container 'orders' is not running", lines[3]);
    }

    [Theory]
    [InlineData("2026-12-02T14:59:30Z", "30s ago")]
    [InlineData("2026-12-02T13:30:00Z", "90m ago")]
    [InlineData("2026-12-02T10:00:00Z", "5h ago")]
    [InlineData("2026-11-28T15:00:00Z", "4d ago")]
    [InlineData("not a time", "not a time")]
    [InlineData(null, "-")]
    public void Times_read_as_ages(string? time, string expected)
    {
        Assert.Equal(expected, StatusTable.Ago(time, Now));
    }

    [Fact]
    public void Json_has_every_field_of_every_row_for_scripts()
    {
        using var document = JsonDocument.Parse(StatusJson.Write(new[] { Synced("Orders", "pod/orders-1") }));

        var row = Assert.Single(document.RootElement.GetProperty("targets").EnumerateArray());
        Assert.Equal("Orders", row.GetProperty("service").GetString());
        Assert.True(row.GetProperty("differsFromImage").GetBoolean());
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", row.GetProperty("commit").GetString());
        Assert.Equal("2026-12-02T14:57:00Z", row.GetProperty("syncedAt").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("gitOps").ValueKind);
    }
}
