using DevLoop.Compiler;
using System.Diagnostics;
using DevLoop.Agent;
using DevLoop.Agent.HotReload;

using DevLoop.Testing;

namespace DevLoop.HotReload.Tests;

/// <summary>
/// The whole road on one machine: the module built from the project's compiler arguments runs with
/// the agent as its startup hook; a body edit on disk becomes a delta from those arguments and that
/// DLL and PDB, and the running process takes it and keeps its state.
/// </summary>
public sealed class RunningAppTests : IDisposable
{
    private SampleProject _project = new();

    public void Dispose()
    {
        var state = AgentLayout.TryCreate(Path.Combine(_project.Dir, "bin"))!.StateDir;
        _project.Dispose();
        Directory.Delete(state, recursive: true);
    }

    [Fact]
    public async Task A_saved_body_edit_reaches_the_running_app_which_keeps_its_state()
    {
        _project.Build();
        using var session = _project.OpenSession();
        using var app = _project.Start();
        var before = await app.WaitForLineAsync(l => l.StartsWith("v1 ", StringComparison.Ordinal));

        _project.Write("Greeter.cs", SampleProject.Greeter.Replace("\"v1\"", "\"v2\""));
        var result = session.Update(File.ReadAllBytes);
        var update = result.Update ?? throw new InvalidOperationException(result.RestartReason ?? string.Join(" ", result.CompileErrors));
        var answer = HookProtocol.SendDelta(SocketPath(), new ModuleDelta(update.ModuleId, update.Metadata, update.IL, update.Pdb), TimeSpan.FromSeconds(10));

        Assert.Equal("ok applied", answer);
        var after = await app.WaitForLineAsync(l => l.StartsWith("v2 ", StringComparison.Ordinal));
        // Greeter's static counter went on: the same process, its state kept.
        Assert.True(Calls(after) > Calls(before), $"{before} / {after}");
    }

    [Fact]
    public async Task Saves_compiled_ahead_reach_the_running_app_and_one_saved_again_since_is_compiled_again()
    {
        _project.Build();
        using var hot = new ProjectHotReload(BuildCompilation.Parse(_project.Arguments, _project.Dir));
        hot.Running(new[] { "app" }, _project.AssemblyPath, _project.PdbPath, File.ReadAllBytes);
        using var app = _project.Start();
        await app.WaitForLineAsync(l => l.StartsWith("v1 ", StringComparison.Ordinal));

        _project.Write("Greeter.cs", SampleProject.Greeter.Replace("\"v1\"", "\"v2\""));
        hot.Prepare(File.ReadAllBytes);
        var ahead = hot.Update(new[] { "app" }, File.ReadAllBytes);
        Assert.True(ahead.Prepared);
        Assert.Equal("ok applied", Send(ahead));
        await app.WaitForLineAsync(l => l.StartsWith("v2 ", StringComparison.Ordinal));

        // Compiled ahead from one text, then saved with another: the delta is the later text's, on top of v2.
        _project.Write("Greeter.cs", SampleProject.Greeter.Replace("\"v1\"", "\"never applied\""));
        hot.Prepare(File.ReadAllBytes);
        _project.Write("Greeter.cs", SampleProject.Greeter.Replace("\"v1\"", "\"v3\""));
        var again = hot.Update(new[] { "app" }, File.ReadAllBytes);
        Assert.False(again.Prepared);
        Assert.Equal("ok applied", Send(again));
        await app.WaitForLineAsync(l => l.StartsWith("v3 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_constants_new_value_reaches_every_method_that_uses_it()
    {
        var withConstant = SampleProject.Greeter
            .Replace("private static int _calls;", "private static int _calls;\n    private const string Mark = \"v1\";")
            .Replace("return \"v1\";", "return Mark;");
        _project.Dispose();
        _project = new SampleProject(withConstant);
        _project.Build();
        using var session = _project.OpenSession();
        using var app = _project.Start();
        await app.WaitForLineAsync(l => l.StartsWith("v1 ", StringComparison.Ordinal));

        _project.Write("Greeter.cs", withConstant.Replace("Mark = \"v1\"", "Mark = \"v2\""));

        Assert.Equal("ok applied", Send(session.Update(File.ReadAllBytes)));
        await app.WaitForLineAsync(l => l.StartsWith("v2 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lambda_body_edit_changes_the_delegates_the_app_already_holds()
    {
        _project.Dispose();
        _project = new SampleProject(SampleProject.GreeterWithLambda, SampleProject.TopLevelProgram);
        _project.Build();
        using var session = _project.OpenSession();
        using var app = _project.Start();
        await app.WaitForLineAsync(l => l.StartsWith("t1 ", StringComparison.Ordinal));

        // The lambda was made once, at startup, and is called through the delegate kept since.
        _project.Write("Program.cs", SampleProject.TopLevelProgram.Replace("() => \"t1\"", "() => \"t2\""));
        Assert.Equal("ok applied", Send(session.Update(File.ReadAllBytes)));
        await app.WaitForLineAsync(l => l.StartsWith("t2 ", StringComparison.Ordinal));
        _project.Write("Greeter.cs", SampleProject.GreeterWithLambda.Replace("prefix + \"v1\" + suffix", "prefix + \"v2\" + suffix"));
        _project.Write("Program.cs", SampleProject.TopLevelProgram.Replace("() => \"t1\"", "() => \"t2 \" + Greeter.Text()"));
        var both = session.Update(File.ReadAllBytes);

        Assert.Equal(2, both.EditCount);
        Assert.Equal("ok applied", Send(both));
        await app.WaitForLineAsync(l => l.StartsWith("t2 v2! ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task New_methods_classes_a_rename_and_lambdas_added_or_beside_changed_code_reach_the_running_app()
    {
        _project.Build();
        using var session = _project.OpenSession();
        using var app = _project.Start();
        await app.WaitForLineAsync(l => l.StartsWith("v1 ", StringComparison.Ordinal));

        var withInsertions = SampleProject.Greeter
            .Replace("return \"v1\";", "return \"v2\" + Extra() + Added.Say();\n    }\n\n    private static string Extra()\n    {\n        return \"!\";")
            .Replace("public static class Greeter", "public static class Added\n{\n    private static readonly string Hi = \"hi\";\n\n    public static string Say() => Hi;\n}\n\npublic static class Greeter");
        _project.Write("Greeter.cs", withInsertions);

        Assert.Equal("ok applied", Send(session.Update(File.ReadAllBytes)));
        await app.WaitForLineAsync(l => l.StartsWith("v2!hi ", StringComparison.Ordinal));

        // A rename: the new method added, its caller updated; the old one stays for frames that run it.
        var renamed = withInsertions.Replace("Extra()", "Bang()").Replace("return \"!\";", "return \"!!\";");
        _project.Write("Greeter.cs", renamed);
        var rename = session.Update(File.ReadAllBytes);
        Assert.True(rename.EditCount == 2, rename.RestartReason);
        Assert.Equal("ok applied", Send(rename));
        await app.WaitForLineAsync(l => l.StartsWith("v2!!hi ", StringComparison.Ordinal));

        // Undone, the old name would come back beside the old method the app still holds: a restart.
        _project.Write("Greeter.cs", withInsertions);
        Assert.Contains("the running app still holds", session.Update(File.ReadAllBytes).RestartReason);
        _project.Write("Greeter.cs", renamed);

        // A body that had no lambdas gets its first ones: new methods of their own.
        var withLambdas = renamed.Replace("return \"v2\" + Bang() + Added.Say();", "Func<string> mark = () => \"?\";\n        return \"v3\" + Bang() + Local() + mark();\n\n        string Local() => \"l\";");
        _project.Write("Greeter.cs", withLambdas);
        Assert.Equal("ok applied", Send(session.Update(File.ReadAllBytes)));
        await app.WaitForLineAsync(l => l.StartsWith("v3!!l? ", StringComparison.Ordinal));

        // The code around those lambdas changes, they do not (and capture nothing): paired in order.
        _project.Write("Greeter.cs", withLambdas.Replace("return \"v3\" + Bang()", "return \"v4\" + Bang()"));
        Assert.Equal("ok applied", Send(session.Update(File.ReadAllBytes)));
        await app.WaitForLineAsync(l => l.StartsWith("v4!!l? ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_suspended_async_call_resumes_in_the_new_code_with_its_locals_and_a_generic_method_and_an_attribute_change()
    {
        _project.Dispose();
        _project = new SampleProject(SampleProject.GreeterWithStateMachine, SampleProject.StateMachineProgram);
        _project.Build();
        using var session = _project.OpenSession();
        using var app = _project.Start();
        await app.WaitForLineAsync(l => l == "Int32g1 waiting");

        _project.Write("Greeter.cs", SampleProject.GreeterWithStateMachine
            .Replace("\"b1\"", "\"b2\"")
            .Replace("\"g1\"", "\"g2\"")
            .Replace("public static string Tag<T>()", "[Obsolete]\n    public static string Tag<T>()"));
        var both = session.Update(File.ReadAllBytes);

        Assert.Equal(2, both.EditCount);
        Assert.Equal("ok applied", Send(both));
        // Reflection sees the attribute the delta added.
        await app.WaitForLineAsync(l => l == "Int32g2 waiting obsolete");
        File.WriteAllText(Path.Combine(_project.Dir, "release"), string.Empty);
        // The call suspended before the delta resumes in the new code and still has the local it set.
        await app.WaitForLineAsync(l => l == "Int32g2 a1b2 obsolete");
    }

    private string Send(DeltaResult result)
    {
        var update = result.Update ?? throw new InvalidOperationException(result.RestartReason ?? string.Join(" ", result.CompileErrors));
        return HookProtocol.SendDelta(SocketPath(), new ModuleDelta(update.ModuleId, update.Metadata, update.IL, update.Pdb), TimeSpan.FromSeconds(10)) ?? "no answer";
    }

    private string Send(HotReloadPlan plan)
    {
        var update = plan.Updates.Count == 1 ? plan.Updates[0].Update : throw new InvalidOperationException(plan.RestartReason ?? string.Join(" ", plan.CompileErrors));
        return HookProtocol.SendDelta(SocketPath(), new ModuleDelta(update.ModuleId, update.Metadata, update.IL, update.Pdb), TimeSpan.FromSeconds(10)) ?? "no answer";
    }

    private static int Calls(string line) => int.Parse(line[(line.IndexOf(' ') + 1)..]);

    private string SocketPath() => AgentLayout.TryCreate(Path.Combine(_project.Dir, "bin"))!.SocketPath;
}
