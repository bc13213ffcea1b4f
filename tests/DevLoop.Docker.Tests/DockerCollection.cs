namespace DevLoop.Docker.Tests;

/// <summary>Docker tests share one engine and two cores: they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<SampleBuilds>
{
    public const string Name = "docker";
}
