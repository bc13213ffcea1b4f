namespace DevLoop.Cli.Building;

internal static class DotNetHost
{
    /// <summary>The dotnet that runs this tool when known (DOTNET_HOST_PATH), otherwise the one on PATH.</summary>
    public static string Path =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
