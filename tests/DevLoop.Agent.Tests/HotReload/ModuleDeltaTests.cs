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
    }
}
