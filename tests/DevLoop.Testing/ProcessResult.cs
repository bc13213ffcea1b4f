namespace DevLoop.Testing;

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;

    public ProcessResult EnsureSuccess(string what)
    {
        Assert.True(ExitCode == 0, $"{what} failed with exit code {ExitCode}:\n{Stdout}\n{Stderr}");
        return this;
    }
}
