namespace DevLoop.Docker.Compose;

/// <summary>A service of a Compose project: its containers are the ones Compose labelled with both names.</summary>
public sealed record ComposeService(string Project, string Service)
{
    public const string ProjectLabel = "com.docker.compose.project";
    public const string ServiceLabel = "com.docker.compose.service";

    public IReadOnlyDictionary<string, string> Labels => new Dictionary<string, string>
    {
        [ProjectLabel] = Project,
        [ServiceLabel] = Service,
    };

    public override string ToString() => $"Compose service '{Service}' of project '{Project}'";
}
