namespace DevLoop.Cli.Building;

internal enum BuildWay
{
    /// <summary>A `dotnet build` child process per build.</summary>
    ChildProcess,

    /// <summary>The SDK's MSBuild loaded in this process and kept warm for the session.</summary>
    InProcess,
}
