namespace DevLoop.EndToEnd.Tests;

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<PackedPackages>
{
    public const string Name = "end-to-end";
}
