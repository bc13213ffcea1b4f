namespace DevLoop.HotReload.Tests;

/// <summary>Edits inside lambdas: only their bodies, each keeping what it captures, become deltas.</summary>
public sealed class LambdaEditTests : IDisposable
{
    private readonly SampleProject _project = new(SampleProject.GreeterWithLambda, SampleProject.TopLevelProgram);

    public LambdaEditTests()
    {
        _project.Build();
    }

    public void Dispose() => _project.Dispose();

    [Theory]
    [InlineData("Greeter.cs", "prefix + \"v1\" + suffix", "prefix + \"v2\" + suffix")]
    [InlineData("Greeter.cs", "prefix + \"v1\" + suffix", "string.Concat(prefix, \"v2\", suffix).Trim()")]
    [InlineData("Program.cs", "() => \"t1\"", "() => \"t2\"")]
    [InlineData("Program.cs", "() => \"t1\"", "() => { var text = \"t\"; return text + 2; }")]
    public void A_lambda_body_edit_is_a_delta(string file, string from, string to)
    {
        using var session = _project.OpenSession();

        var result = Update(session, file, from, to);

        Assert.True(result.Update is not null, result.RestartReason ?? string.Join(" ", result.CompileErrors));
        Assert.Equal(1, result.EditCount);
    }

    [Theory]
    [InlineData("Greeter.cs", "prefix + \"v1\" + suffix", "prefix + \"v1\"", "captures other variables")]
    [InlineData("Greeter.cs", "prefix + \"v1\" + suffix", "\"v1\" + suffix", "captures other variables")]
    [InlineData("Greeter.cs", "var prefix = \"\";", "var prefix = \"p\";", "code beside the lambdas changed")]
    [InlineData("Greeter.cs", "return () => prefix + \"v1\" + suffix;", "Func<string> other = () => \"x\"; return () => prefix + \"v1\" + suffix;", "was added or removed")]
    [InlineData("Greeter.cs", "return () => prefix + \"v1\" + suffix;", "return new Func<Func<string>>(() => () => prefix + \"v2\" + suffix)();", "was added or removed")]
    [InlineData("Greeter.cs", "return () => prefix + \"v1\" + suffix;", "return static () => \"v1\";", "parameters or modifiers changed")]
    [InlineData("Program.cs", "() => \"t1\"", "() => \"t1\" + args.Length", "captures other variables")]
    [InlineData("Program.cs", "Thread.Sleep(50);", "Thread.Sleep(60);", "code beside the lambdas changed")]
    [InlineData("Program.cs", "Func<string> handler = () => \"t1\";", "Func<string> handler = () => \"t1\";\nConsole.WriteLine(\"more\");", "top-level statements changed")]
    public void Edits_around_lambdas_restart_and_say_why(string file, string from, string to, string reason)
    {
        using var session = _project.OpenSession();

        var result = Update(session, file, from, to);

        Assert.Null(result.Update);
        Assert.Contains(reason, result.RestartReason ?? string.Join(" ", result.CompileErrors));
    }

    private DeltaResult Update(DeltaSession session, string file, string from, string to)
    {
        var text = file == "Program.cs" ? SampleProject.TopLevelProgram : SampleProject.GreeterWithLambda;
        Assert.Contains(from, text);
        _project.Write(file, text.Replace(from, to));
        return session.Update(File.ReadAllBytes);
    }
}
