namespace DevLoop.Cli.Tests.Building;

[CollectionDefinition(Name)]
public sealed class MSBuildCollection : ICollectionFixture<MSBuildFixture>
{
    public const string Name = "MSBuild in process";
}
