namespace DevLoop.Faults.Tests;

/// <summary>The fault scenarios share one engine, the builds and two cores: they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultVersions>
{
    public const string Name = "faults";
}
