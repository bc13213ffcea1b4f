namespace DevLoop.Core.Channels;

/// <summary>What a command run in a target left behind.</summary>
public sealed record ExecResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}
