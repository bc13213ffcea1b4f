namespace DevLoop.Cli.Building;

/// <summary>An installed .NET SDK as MSBuildLocator reports it: its version (the folder's name) and its MSBuild folder.</summary>
internal sealed record SdkInstance(string Version, string MSBuildPath);
