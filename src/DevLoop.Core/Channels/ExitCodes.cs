namespace DevLoop.Core.Channels;

/// <summary>
/// The exit codes of commands run in a target that mean something to DevLoop, named once.
/// Shells and container runtimes report a program that could not run as 126/127, a process ended
/// by signal N as 128+N; the dotnet host truncates its own failure codes (0x800080xx) to the low byte.
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The agent ran and answered with a failure reply (its message says why).</summary>
    public const int AgentRefused = 3;

    /// <summary>sysexits' EX_NOPERM: DevLoop's own shell probes exit with it when a folder is not writable.</summary>
    public const int NoPermission = 77;

    /// <summary>The program exists but could not be executed (not executable, wrong format).</summary>
    public const int CannotExecute = 126;

    /// <summary>The program (here: dotnet) does not exist in the target.</summary>
    public const int NotFound = 127;

    /// <summary>The dotnet host's InvalidArgFailure (0x80008081): "The application to execute does not exist".</summary>
    public const int DotNetAppMissing = 129;

    /// <summary>SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>SIGKILL: the container stopped (or was killed, OOM) while the command ran.</summary>
    public const int Killed = 137;

    /// <summary>SIGTERM.</summary>
    public const int Terminated = 143;

    /// <summary>The agent could not be started: no dotnet, or no agent assembly at the path given to dotnet.</summary>
    public static bool AgentMissing(int exitCode) => exitCode is CannotExecute or NotFound or DotNetAppMissing;

    public static string Describe(int exitCode) => exitCode switch
    {
        Success => "success",
        AgentRefused => "the agent refused",
        NoPermission => "no permission",
        CannotExecute => "could not be executed",
        NotFound => "program not found",
        DotNetAppMissing => "dotnet found no such application",
        Interrupted => "interrupted (SIGINT)",
        Killed => "killed (SIGKILL)",
        Terminated => "terminated (SIGTERM)",
        _ => "exit code " + exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
