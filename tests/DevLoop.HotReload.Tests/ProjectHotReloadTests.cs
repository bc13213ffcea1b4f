using DevLoop.Compiler;

namespace DevLoop.HotReload.Tests;

/// <summary>Which build each target runs, and one delta per baseline.</summary>
public sealed class ProjectHotReloadTests : IDisposable
{
    private readonly SampleProject _project = new();

    public ProjectHotReloadTests()
    {
        _project.Build();
    }

    public void Dispose() => _project.Dispose();

    [Fact]
    public void Targets_running_the_same_build_share_one_delta()
    {
        using var hot = Open();
        hot.Running(new[] { "a", "b" }, _project.AssemblyPath, _project.PdbPath, File.ReadAllBytes);

        _project.Write("Greeter.cs", SampleProject.Greeter.Replace("\"v1\"", "\"v2\""));
        var plan = hot.Update(new[] { "a", "b" }, File.ReadAllBytes);

        var (update, targets) = Assert.Single(plan.Updates);
        Assert.Equal(new[] { "a", "b" }, targets);
        Assert.Equal(ProjectHotReload.ModuleIdOf(_project.AssemblyPath), update.ModuleId);
    }

    [Fact]
    public void A_target_that_starts_the_build_after_others_took_deltas_gets_its_own_baseline()
    {
        using var hot = Open();
        hot.Running(new[] { "a" }, _project.AssemblyPath, _project.PdbPath, File.ReadAllBytes);
        var v1 = _project.SourcesOf("Greeter.cs");
        _project.Write("Greeter.cs", SampleProject.Greeter.Replace("\"v1\"", "\"v2\""));
        Assert.Single(hot.Update(new[] { "a" }, File.ReadAllBytes).Updates);

        // "b" starts the v1 build now (a new pod): it needs the whole v1 → v3 change, "a" only v2 → v3.
        hot.Running(new[] { "b" }, _project.AssemblyPath, _project.PdbPath, path => path.EndsWith("Greeter.cs", StringComparison.Ordinal) ? v1 : File.ReadAllBytes(path));
        _project.Write("Greeter.cs", SampleProject.Greeter.Replace("\"v1\"", "\"v3\""));
        var plan = hot.Update(new[] { "a", "b" }, File.ReadAllBytes);

        Assert.Equal(2, plan.Updates.Count);
        Assert.Equal(new[] { "a" }, plan.Updates[0].Targets);
        Assert.Equal(new[] { "b" }, plan.Updates[1].Targets);
        Assert.NotEqual(plan.Updates[0].Update.Metadata, plan.Updates[1].Update.Metadata);
    }

    [Fact]
    public void The_baseline_uses_the_sources_the_build_read_even_when_they_were_saved_again_since()
    {
        using var hot = Open();
        var beforeBuild = hot.SourcesNow();
        _project.Write("Greeter.cs", SampleProject.Greeter.Replace("\"v1\"", "\"saved during the build\""));

        hot.Running(new[] { "a" }, _project.AssemblyPath, _project.PdbPath, beforeBuild);
        var plan = hot.Update(new[] { "a" }, File.ReadAllBytes);

        Assert.True(hot.Knows("a"));
        Assert.Single(plan.Updates);
    }

    [Fact]
    public void Sources_that_are_not_the_builds_leave_the_target_unknown_and_the_next_save_restarts()
    {
        using var hot = Open();
        _project.Write("Greeter.cs", SampleProject.Greeter.Replace("\"v1\"", "\"edited behind DevLoop's back\""));

        Assert.Throws<HotReloadException>(() => hot.Running(new[] { "a" }, _project.AssemblyPath, _project.PdbPath, File.ReadAllBytes));

        Assert.False(hot.Knows("a"));
        Assert.NotNull(hot.Update(new[] { "a" }, File.ReadAllBytes).RestartReason);
    }

    [Fact]
    public void A_rude_edit_forgets_every_baseline_so_the_restart_gives_new_ones()
    {
        using var hot = Open();
        hot.Running(new[] { "a" }, _project.AssemblyPath, _project.PdbPath, File.ReadAllBytes);

        _project.Write("Greeter.cs", SampleProject.Greeter.Replace("private static int _calls;", "private static int _calls = 5;"));
        var plan = hot.Update(new[] { "a" }, File.ReadAllBytes);

        Assert.NotNull(plan.RestartReason);
        Assert.False(hot.Knows("a"));
    }

    [Fact]
    public void A_save_compiled_ahead_is_taken_when_the_sources_are_the_same()
    {
        using var hot = Open();
        hot.Running(new[] { "a" }, _project.AssemblyPath, _project.PdbPath, File.ReadAllBytes);

        _project.Write("Greeter.cs", SampleProject.Greeter.Replace("\"v1\"", "\"v2\""));
        hot.Prepare(File.ReadAllBytes);
        var plan = hot.Update(new[] { "a" }, File.ReadAllBytes);

        Assert.True(plan.Prepared);
        Assert.Single(plan.Updates);
    }

    [Fact]
    public void A_save_changed_after_it_was_compiled_ahead_is_compiled_again()
    {
        using var hot = Open();
        hot.Running(new[] { "a" }, _project.AssemblyPath, _project.PdbPath, File.ReadAllBytes);

        // Compiled ahead half-written (errors), then written whole.
        _project.Write("Greeter.cs", SampleProject.Greeter[..(SampleProject.Greeter.Length / 2)]);
        hot.Prepare(File.ReadAllBytes);
        _project.Write("Greeter.cs", SampleProject.Greeter.Replace("\"v1\"", "\"v2\""));
        var plan = hot.Update(new[] { "a" }, File.ReadAllBytes);

        Assert.False(plan.Prepared);
        Assert.Empty(plan.CompileErrors);
        Assert.Single(plan.Updates);
        Assert.False(hot.Update(new[] { "a" }, File.ReadAllBytes).Prepared);
    }

    [Fact]
    public void A_source_that_cannot_be_read_while_compiling_ahead_leaves_the_warm_compilation_as_it_was()
    {
        using var hot = Open();
        hot.Running(new[] { "a" }, _project.AssemblyPath, _project.PdbPath, File.ReadAllBytes);

        // Greeter.cs is read first and has changed; Program.cs cannot be read at that moment (being saved).
        _project.Write("Greeter.cs", SampleProject.Greeter.Replace("\"v1\"", "\"saved with another\""));
        Assert.Throws<IOException>(() => hot.Prepare(path => path.EndsWith("Program.cs", StringComparison.Ordinal) ? throw new IOException("being saved") : File.ReadAllBytes(path)));
        var plan = hot.Update(new[] { "a" }, File.ReadAllBytes);

        var (update, _) = Assert.Single(plan.Updates);
        Assert.False(plan.Prepared);
        Assert.True(Holds(update.Metadata, "saved with another"), "the delta lacks Greeter's edit");
        _project.Write("Greeter.cs", SampleProject.Greeter.Replace("\"v1\"", "\"and again\""));
        Assert.True(Holds(Assert.Single(hot.Update(new[] { "a" }, File.ReadAllBytes).Updates).Update.Metadata, "and again"));
    }

    [Fact]
    public void Only_existing_sources_the_compilation_reads_are_covered()
    {
        using var hot = Open();

        Assert.True(hot.Covers(new[] { Path.Combine(_project.Dir, "Greeter.cs") }));
        Assert.False(hot.Covers(new[] { Path.Combine(_project.Dir, "Greeter.cs"), Path.Combine(_project.Dir, "New.cs") }));
        Assert.False(hot.Covers(new[] { Path.Combine(_project.Dir, "appsettings.json") }));
        File.Delete(Path.Combine(_project.Dir, "Greeter.cs"));
        Assert.False(hot.Covers(new[] { Path.Combine(_project.Dir, "Greeter.cs") }));
    }

    /// <summary>Whether a metadata delta's user strings hold this text (UTF-16, as the #US heap keeps it).</summary>
    private static bool Holds(byte[] metadata, string text) =>
        metadata.AsSpan().IndexOf(System.Text.Encoding.Unicode.GetBytes(text)) >= 0;

    private ProjectHotReload Open() => new(BuildCompilation.Parse(_project.Arguments, _project.Dir));
}
