namespace DevLoop.Build.Tasks;

/// <summary>
/// How the .NET Framework task runs the host program:
/// `dotnet exec DevLoop.Build.Tasks.dll deploy --property Name=Value …`, one pair per setting.
/// </summary>
internal static class HostCommandLine
{
    public const string DeployCommand = "deploy";
    public const string PropertyOption = "--property";
}
