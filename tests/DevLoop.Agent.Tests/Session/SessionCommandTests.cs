using DevLoop.Agent.Session;
using DevLoop.Testing;

namespace DevLoop.Agent.Tests.Session;

public sealed class SessionCommandTests
{
    private static Dictionary<string, string> Files(params (string, string)[] files) => files.ToDictionary(f => f.Item1, f => f.Item2);

    [Fact]
    public void Requests_are_answered_in_order_and_an_unknown_verb_is_refused_without_ending_the_session()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "v1");

        var (replies, exitCode) = new SessionScript().Request("hello").Request("ping").Request("frobnicate").Request("manifest").Request("bye").Request("ping").Run(app.Path);

        Assert.Equal(0, exitCode);
        Assert.Equal(5, replies.Count);
        Assert.Equal(FrameFormat.Version, replies[0].Protocol);
        Assert.False(string.IsNullOrEmpty(replies[0].AgentVersion));
        Assert.Equal("none", replies[0].Generation);
        Assert.True(replies[1].Ok);
        Assert.Equal("DL4002", replies[2].Code);
        Assert.Contains("frobnicate", replies[2].Message);
        Assert.Equal(PayloadBuilder.Sha("v1"), replies[3].Files!["App.dll"]);
        Assert.True(replies[4].Ok);
    }

    [Fact]
    public void Applies_arrive_in_data_frames_and_the_generation_follows()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "v1");
        var first = PayloadBuilder.Build("none", "g1", Files(("App.dll", "v2")));
        var second = PayloadBuilder.Build("g1", "g2", Files(("Lib.dll", "lib")));

        var (replies, exitCode) = new SessionScript().Apply(first, chunk: 7).Request("ping").Apply(second).Request("ping").Run(app.Path);

        Assert.Equal(0, exitCode);
        Assert.True(replies[0].Ok, replies[0].Message);
        Assert.Equal(PayloadBuilder.Gen("g1"), replies[1].Generation);
        Assert.True(replies[2].Ok, replies[2].Message);
        Assert.Equal(PayloadBuilder.Gen("g2"), replies[3].Generation);
        Assert.Equal("v2", File.ReadAllText(app.Combine("App.dll")));
        Assert.Equal("lib", File.ReadAllText(app.Combine("Lib.dll")));
    }

    [Fact]
    public void The_ping_before_each_sync_leaves_the_marks_out_and_generation_brings_them()
    {
        using var app = new TempDirectory();
        var payload = PayloadBuilder.Build("none", "g1", Files(("App.dll", "v1")), marks: new { commit = "abc", by = "ana@laptop" });

        var (replies, _) = new SessionScript().Apply(payload).Request("ping").Request("generation").Run(app.Path);

        Assert.Equal(PayloadBuilder.Gen("g1"), replies[1].Generation);
        Assert.Null(replies[1].Marks);
        Assert.Equal("abc", replies[2].Marks!.Commit);
    }

    [Fact]
    public void A_failed_apply_skips_the_rest_of_its_data_and_the_session_goes_on()
    {
        using var app = new TempDirectory();
        app.Write("App.dll", "v1");
        var damaged = PayloadBuilder.Build("none", "g1", Files(("App.dll", "v2")), declaredHashes: new Dictionary<string, string> { ["App.dll"] = PayloadBuilder.Sha("other") });

        var (replies, _) = new SessionScript().Apply(damaged).Request("ping").Run(app.Path);

        Assert.Equal("DL1007", replies[0].Code);
        Assert.True(replies[1].Ok);
        Assert.Equal("none", replies[1].Generation);
        Assert.Equal("v1", File.ReadAllText(app.Combine("App.dll")));
    }

    [Fact]
    public void A_truncated_frame_is_refused_and_ends_the_session()
    {
        using var app = new TempDirectory();

        var header = new SessionScript().Request("ping").Raw((byte)'D', (byte)'L', FrameFormat.Version).Run(app.Path);
        var body = new SessionScript().Header(FrameFormat.Version, (byte)FrameKind.Request, 100).Raw((byte)'{').Run(app.Path);

        Assert.Equal(3, header.ExitCode);
        Assert.True(header.Replies[0].Ok);
        Assert.Equal("DL1021", header.Replies[1].Code);
        Assert.Contains("inside a frame header (3 of 8 bytes)", header.Replies[1].Message);
        Assert.Equal("DL1021", Assert.Single(body.Replies).Code);
        Assert.Contains("inside a frame of 100 bytes", body.Replies[0].Message);
    }

    [Fact]
    public void An_oversized_frame_is_refused_before_anything_is_read_into_memory()
    {
        using var app = new TempDirectory();

        var (replies, exitCode) = new SessionScript().Header(FrameFormat.Version, (byte)FrameKind.Request, uint.MaxValue).Run(app.Path);

        Assert.Equal(3, exitCode);
        Assert.Equal("DL1021", Assert.Single(replies).Code);
        Assert.Contains("more than the 16777216 allowed", replies[0].Message);
    }

    [Fact]
    public void A_frame_of_unknown_kind_is_refused_and_the_session_goes_on()
    {
        using var app = new TempDirectory();

        var (replies, exitCode) = new SessionScript().Header(FrameFormat.Version, 42, 3).Raw(1, 2, 3).Request("ping").Request("bye").Run(app.Path);

        Assert.Equal(0, exitCode);
        Assert.Equal("DL1021", replies[0].Code);
        Assert.Contains("unknown kind 42", replies[0].Message);
        Assert.True(replies[1].Ok);
    }

    [Fact]
    public void Another_protocol_version_is_a_coded_error_that_names_the_fix()
    {
        using var app = new TempDirectory();

        var (replies, exitCode) = new SessionScript().Header(FrameFormat.Version + 1, (byte)FrameKind.Request, 2).Raw((byte)'{', (byte)'}').Run(app.Path);

        Assert.Equal(3, exitCode);
        Assert.Equal("DL1020", Assert.Single(replies).Code);
        Assert.Contains($"session protocol {FrameFormat.Version + 1}", replies[0].Message);
        Assert.Contains("DevLoop.Build package", replies[0].Message);
        Assert.Contains("rebuild the image", replies[0].Message);
    }

    [Fact]
    public void Bytes_that_are_not_a_frame_are_refused()
    {
        using var app = new TempDirectory();

        var (replies, exitCode) = new SessionScript().Raw("{\"verb\":\"x\"}\n"u8.ToArray()).Run(app.Path);

        Assert.Equal(3, exitCode);
        Assert.Equal("DL1021", Assert.Single(replies).Code);
        Assert.Contains("does not hold a DevLoop frame", replies[0].Message);
    }

    [Fact]
    public void The_agent_spells_the_same_codes_as_the_engine_catalog()
    {
        Assert.Equal(DevLoop.Core.Errors.ErrorCodes.AgentProtocolMismatch, FrameStream.ProtocolMismatchCode);
        Assert.Equal(DevLoop.Core.Errors.ErrorCodes.AgentSessionBroken, FrameStream.BadFrameCode);
        Assert.Equal(DevLoop.Core.Errors.ErrorCodes.UnknownAgentCommand, VerbRunner.UnknownVerb("x").Code);
    }
}
