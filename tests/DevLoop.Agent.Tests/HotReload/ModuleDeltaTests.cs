using DevLoop.Agent.HotReload;

namespace DevLoop.Agent.Tests.HotReload;

public sealed class ModuleDeltaTests
{
    [Fact]
    public void A_delta_goes_through_its_wire_form_unchanged_and_a_cut_one_is_refused()
    {
        var delta = new ModuleDelta(Guid.NewGuid(), new byte[] { 1, 2, 3 }, new byte[] { 4 }, Array.Empty<byte>());

        var bytes = delta.ToBytes();
        var back = ModuleDelta.FromBytes(bytes)!;

        Assert.Equal(delta.ModuleId, back.ModuleId);
        Assert.Equal(delta.Metadata, back.Metadata);
        Assert.Equal(delta.IL, back.IL);
        Assert.Empty(back.Pdb);
        Assert.Null(ModuleDelta.FromBytes(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Null(ModuleDelta.FromBytes(bytes.Concat(new byte[] { 0 }).ToArray()));
        Assert.Null(ModuleDelta.FromBytes(new byte[10]));
        Assert.Null(back.ChangedTypes);
    }

    [Fact]
    public void The_changed_types_go_through_the_wire_form_and_a_cut_token_is_refused()
    {
        var delta = new ModuleDelta(Guid.NewGuid(), new byte[] { 1 }, new byte[] { 2 }, new byte[] { 3 }, new[] { 0x02000002, 0x02000005 });

        var bytes = delta.ToBytes();

        Assert.Equal(new[] { 0x02000002, 0x02000005 }, ModuleDelta.FromBytes(bytes)!.ChangedTypes);
        Assert.Equal(Array.Empty<int>(), ModuleDelta.FromBytes((delta with { ChangedTypes = Array.Empty<int>() }).ToBytes())!.ChangedTypes);
        var cut = bytes.Take(bytes.Length - 1).ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(cut.AsSpan(cut.Length - 7 - 4), 7);
        Assert.Null(ModuleDelta.FromBytes(cut));
    }
}
