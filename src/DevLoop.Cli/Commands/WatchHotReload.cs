using DevLoop.Compiler;
using System.Diagnostics;
using System.Globalization;
using DevLoop.Cli.Building;
using DevLoop.Cli.Output;
using DevLoop.Core.Channels;
using DevLoop.Core.Errors;
using DevLoop.Core.HotReload;
using DevLoop.Core.Sync;
using DevLoop.Core.Watch;
using DevLoop.HotReload;
using DevLoop.Targets.Sessions;
using DevLoop.Targets.Settings;

namespace DevLoop.Cli.Commands;

/// <summary>
/// watch's Hot Reload: after each full sync it learns which build every target runs; on a save of C#
/// sources alone it compiles the project as the build does and hands the delta to every target's
/// app. What it cannot prove safe, or a target that does not take it, goes to build, sync and restart.
/// </summary>
internal sealed class WatchHotReload : IDisposable
{
    /// <summary>How long after a source's last change it is compiled ahead: an editor's save is written within a few milliseconds.</summary>
    private static readonly TimeSpan WriteSettles = TimeSpan.FromMilliseconds(5);

    private readonly ConsoleOutput _output;
    private readonly string _projectDir;
    private ProjectHotReload? _project;
    private Func<string, byte[]>? _builtSources;

    // The sources the code the apps run was compiled from, when it came from deltas; null when they run a build.
    private Dictionary<string, byte[]>? _appliedSources;
    private bool _off;
    private bool _announced;

    // A save that is not for the compilation alone is being built: until a build of it succeeds and
    // its compiler arguments are read, the compilation may not stand for the project (a define added).
    private bool _stale;

    // The save compiled ahead while it settles (one at a time; never faults).
    private Task _preparing = Task.CompletedTask;
    private CancellationTokenSource? _prepareSoon;

    public WatchHotReload(DevLoopSettings settings, string projectDir, ConsoleOutput output)
    {
        _output = output;
        _projectDir = projectDir;
        Settings = settings;
        if (!settings.HotReload)
        {
            _off = true;
            _output.Detail("Hot reload is off (DevLoopHotReload=false): every save builds, syncs and restarts.");
        }
        else if (!settings.Restart)
        {
            Off("DevLoopRestart=false keeps the apps from starting the build DevLoop syncs, so DevLoop cannot know which code they run");
        }
    }

    public DevLoopSettings Settings { get; }

    /// <summary>Whether DevLoop knows which code the target runs (a build it started, with the deltas it took).</summary>
    public bool Knows(SyncTarget target) => _project?.Knows(target.Key) == true;

    /// <summary>Whether this save can go as deltas: C# sources the compilation already reads, and nothing else.</summary>
    public bool Covers(ChangeBatch batch) => WhyNotCovered(batch) is null;

    /// <summary>Why this save cannot go as deltas (nor be emitted from the warm compilation), or null when it can.</summary>
    public string? WhyNotCovered(ChangeBatch batch) =>
        _off ? "hot reload is off"
        : _project is null ? "no compilation was made yet"
        : _stale ? "the project changed since the compilation was made, and no build of it has succeeded yet"
        : _project.WhyNotCovered(FullPaths(batch));

    /// <summary>Whether the compilation stands for the project's last build: made, not set aside, its inputs as they were.</summary>
    public bool CompilationStands => !_off && _project is not null && !_stale && _project.WhyNotCovered(Array.Empty<string>()) is null;

    /// <summary>A save that is not for the compilation alone is about to build: the compilation waits for that build's arguments.</summary>
    public void Building(ChangeBatch batch)
    {
        if (!_off && _project is not null && !_stale && _project.WhyNotCovered(FullPaths(batch)) is not null)
        {
            _stale = true;
        }
    }

    /// <summary>The compiler's arguments the compilation was made from (read again after a save of more than sources); null while there is none.</summary>
    public IReadOnlyList<string>? CompilerArguments { get; private set; }

    /// <summary>How many times the compiler's arguments were read (after each save of more than sources the compilation reads).</summary>
    public int ArgumentsRead { get; private set; }

    /// <summary>The projects the build references, read with <see cref="CompilerArguments"/>.</summary>
    public IReadOnlyList<ReferencedProject> ProjectReferences { get; private set; } = Array.Empty<ReferencedProject>();

    /// <summary>
    /// A referenced project's warm emit wrote these references anew: the compilation reads them again,
    /// and the targets, which run the old ones until they restart, have no baseline until then.
    /// </summary>
    public void RefreshReferences(IReadOnlyCollection<string> paths)
    {
        if (paths.Count > 0)
        {
            _project?.RefreshReferences(paths);
        }
    }

    /// <summary>The sources as the last build (or warm emit) read them (<see cref="BeforeBuild"/>).</summary>
    public Func<string, byte[]>? BuiltSources => _builtSources;

    /// <summary>
    /// A file changed: when it is a source the compilation reads, the save is compiled ahead, a few
    /// milliseconds after its last change, while watch waits for the save to settle; the save's own
    /// step (<see cref="ApplyAsync"/>) takes that work when it finds the same sources.
    /// </summary>
    public void Changed(string path)
    {
        // Only whether it is a source: each file event must stay cheap (the save's own step checks the compilation's other inputs).
        if (_off || _project is not { } project || !project.IsSource(Path.GetFullPath(path, _projectDir)))
        {
            return;
        }

        _prepareSoon?.Cancel();
        _prepareSoon = new CancellationTokenSource();
        _preparing = PrepareAsync(project, _preparing, _prepareSoon.Token);
    }

    private async Task PrepareAsync(ProjectHotReload project, Task previous, CancellationToken changedAgain)
    {
        try
        {
            await previous.ConfigureAwait(false);
            await Task.Delay(WriteSettles, changedAgain).ConfigureAwait(false);
            await Task.Run(() => project.Prepare(File.ReadAllBytes), changedAgain).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (changedAgain.IsCancellationRequested)
        {
            // Changed again: the next one compiles.
        }
        catch (Exception e)
        {
            // Only speed depends on it: the save's own step compiles when it is due, and reports what goes wrong.
            _output.Detail($"Compiling the save ahead failed ({e.GetType().Name}: {e.Message}); it is compiled when it is due.");
        }
    }

    /// <summary>Right before a build: the sources it is about to read, for the baseline of what it builds.</summary>
    public void BeforeBuild() =>
        _builtSources = _off ? null : _project?.SourcesNow() ?? ProjectHotReload.Snapshot(ProjectSources());

    /// <summary>Before the compiler's arguments are known (the first build): the C# files in the project's folder.</summary>
    private IEnumerable<string> ProjectSources()
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
        var bin = Path.Combine(_projectDir, "bin") + Path.DirectorySeparatorChar;
        var obj = Path.Combine(_projectDir, "obj") + Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(_projectDir, "*.cs", options).Where(f => !f.StartsWith(bin, StringComparison.Ordinal) && !f.StartsWith(obj, StringComparison.Ordinal));
    }

    /// <summary>
    /// Whether the build just made (<see cref="BeforeBuild"/>) holds exactly the code the apps run
    /// through deltas, so its files may follow without a restart. A save not applied yet (one that
    /// needs a restart, say) must not reach the files that way: its own turn builds and restarts.
    /// </summary>
    public bool BuildHoldsAppliedCode()
    {
        if (_appliedSources is null)
        {
            return true;
        }

        // The sources before the build and after it: the same both times, so the compiler read them.
        var after = ProjectHotReload.Snapshot(_appliedSources.Keys);
        return _builtSources is { } before && _appliedSources.All(s => Same(before, s.Key, s.Value) && Same(after, s.Key, s.Value));
    }

    /// <summary>
    /// After a build: whether its output was compiled from the sources on disk now. When it was not
    /// (a save while the compiler ran), the output is marked so the next build compiles again.
    /// </summary>
    public bool OutputIsCurrent()
    {
        if (_off || _project is null || BuiltFiles() is not var (_, pdb))
        {
            return true;
        }

        try
        {
            if (_project.OutputHolds(pdb, ProjectHotReload.Snapshot(_project.SourceFiles)) && (_builtSources is null || _project.OtherInputsHold(_builtSources)))
            {
                return true;
            }
        }
        catch (IOException)
        {
            // Being written or gone: compile again to be sure.
        }

        _project.MarkOutputStale();
        _output.Detail("A source was saved while the compiler ran; the build compiles again.");
        return false;
    }

    private static bool Same(Func<string, byte[]> sources, string path, byte[] bytes)
    {
        try
        {
            return sources(path).AsSpan().SequenceEqual(bytes);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// After a full sync: the targets it restarted run the build now on disk (the others keep theirs,
    /// or take it too when DevLoop did not know theirs). The compiler's arguments are read again
    /// when the save changed more than sources the compilation reads.
    /// </summary>
    /// <param name="compiledInProcess">The save's sources were all compiled in process from warm compilations (a referenced project's), which still stand.</param>
    public async Task AfterSyncAsync(ProjectBuilder builder, DevLoopSession session, SyncResult result, ChangeBatch? batch, bool compiledInProcess, CancellationToken cancellationToken)
    {
        // The apps run the build now: no code from deltas that the files lack.
        _appliedSources = null;
        if (_off)
        {
            return;
        }

        if (_project is null || batch is null || _stale || (!compiledInProcess && !_project.Covers(FullPaths(batch))))
        {
            var read = await builder.CompilerArgumentsAsync(null, cancellationToken).ConfigureAwait(false);
            if (read.Arguments is not { } arguments)
            {
                Off($"the compiler's arguments for the build could not be read ({read.Why})");
                return;
            }

            ProjectReferences = read.References;
            ArgumentsRead++;

            _stale = false;
            if (_project is not null && CompilerArguments is { } known && known.SequenceEqual(arguments, StringComparer.Ordinal) && _project.WhyNotCovered(Array.Empty<string>()) is null)
            {
                // The same arguments and inputs: the same compilation (its sources are read on each save).
                await RunningAfterSyncAsync(session, result, cancellationToken).ConfigureAwait(false);
                return;
            }

            _project?.Dispose();
            _project = null;
            CompilerArguments = null;
            try
            {
                _project = new ProjectHotReload(BuildCompilation.Parse(arguments, _projectDir));
                CompilerArguments = arguments;
            }
            catch (CompilerArgumentsException e)
            {
                Off(e.Message);
                return;
            }
        }

        await RunningAfterSyncAsync(session, result, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunningAfterSyncAsync(DevLoopSession session, SyncResult result, CancellationToken cancellationToken)
    {
        var targets = await session.Targets.ReadyTargetsAsync(cancellationToken).ConfigureAwait(false);
        var restarted = result.Restart is RestartOutcome.Restarted or RestartOutcome.NotServing or RestartOutcome.ContainerRestarted;
        Running(restarted ? targets : targets.Where(t => !_project!.Knows(t.Key)).ToList());
    }

    /// <summary>
    /// A target brought up to date on its own (a new or replaced pod): when DevLoop restarted it, or
    /// did not know what it ran, it runs the build on disk now. One that was up to date and known
    /// keeps its baseline (it may run deltas on top of its files).
    /// </summary>
    public void Started(SyncTarget target, bool restarted)
    {
        if (!_off && _project is not null && (restarted || !_project.Knows(target.Key)))
        {
            Running(new[] { target });
        }
    }

    /// <summary>The save as deltas into every ready target, and what watch must do next.</summary>
    public async Task<HotReloadStep> ApplyAsync(DevLoopSession session, ChangeBatch batch, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await _preparing.ConfigureAwait(false);
        var targets = await session.Targets.ReadyTargetsAsync(cancellationToken).ConfigureAwait(false);
        var read = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        byte[] Read(string path) => read[path] = File.ReadAllBytes(path);
        HotReloadPlan plan;
        try
        {
            plan = _project!.Update(targets.Select(t => t.Key).ToList(), Read);
        }
        catch (IOException e)
        {
            // A file saved again while it was read: the build reads it whole.
            return HotReloadStep.Restart($"a source could not be read ({e.Message})");
        }

        var compiled = watch.Elapsed;
        if (plan.CompileErrors.Count > 0)
        {
            foreach (var error in plan.CompileErrors)
            {
                _output.Raw(error.ToString());
            }

            var count = plan.CompileErrors.Count == 1 ? "1 error" : $"{plan.CompileErrors.Count} errors";
            _output.Error(ErrorCodes.BuildFailed, $"The code has {count}; the app keeps running the previous version. Fix and save to try again.");
            return HotReloadStep.KeepRunning;
        }

        if (plan.RestartReason is { } reason)
        {
            return HotReloadStep.Restart(reason);
        }

        if (plan.Updates.Count == 0)
        {
            _output.Info("hot reload: nothing to apply, the apps already run this code.");
            return HotReloadStep.FilesOnly;
        }

        var byKey = targets.ToDictionary(t => t.Key, StringComparer.Ordinal);
        var sends = plan.Updates.Select(u => session.SendDeltaAsync(
            u.Targets.Select(k => byKey[k]).ToList(), u.Update.ModuleId, u.Update.Metadata, u.Update.IL, u.Update.Pdb, u.Update.ChangedTypes, cancellationToken));
        var outcomes = (await Task.WhenAll(sends).ConfigureAwait(false)).SelectMany(o => o).ToList();
        outcomes = await FromTheirBuildAsync(session, outcomes, Read, cancellationToken).ConfigureAwait(false);
        var elapsed = watch.Elapsed;
        var applied = outcomes.Count(o => o.Fate == DeltaFate.Applied);
        var changes = plan.EditCount == 1 ? "1 change" : $"{plan.EditCount} changes";
        if (applied > 0)
        {
            var how = plan.CompiledAhead is { } ahead
                ? $"compile {Ms(ahead)} ahead, while the save settled for {Ms(batch.Debounce)}"
                : $"compile {Ms(compiled)}, {Ms(batch.Debounce)} debounce before";
            _output.Info($"hot reload: {changes} applied to {Where(session, outcomes.Count, applied, targets)} in {Ms(elapsed)} ({how}).");
        }

        var notApplied = outcomes.Where(o => o.Fate != DeltaFate.Applied).ToList();
        foreach (var outcome in notApplied)
        {
            _output.Warning(ErrorCodes.HotReloadNotApplied, $"{outcome.Target.Channel.DisplayName} did not take the change: {outcome.Why}. Restarting it with the build.");
        }

        _project!.Unknown(notApplied.Select(o => o.Target.Key));
        if (applied > 0)
        {
            _appliedSources = read;
        }

        return notApplied.Count == 0 ? HotReloadStep.Applied : HotReloadStep.RestartSome(notApplied.Select(o => o.Target).ToList());
    }

    public void Dispose()
    {
        _prepareSoon?.Cancel();
        _prepareSoon?.Dispose();
        _project?.Dispose();
    }

    /// <summary>
    /// Targets that run another build than DevLoop thought, untouched by deltas, and that build is the
    /// one on disk (the app restarted since, from the files that followed the last hot reload): the
    /// delta is made again from that build and sent to them, rather than restarting them.
    /// </summary>
    private async Task<List<DeltaOutcome>> FromTheirBuildAsync(DevLoopSession session, List<DeltaOutcome> outcomes, Func<string, byte[]> read, CancellationToken cancellationToken)
    {
        if (!outcomes.Any(o => o.Fate == DeltaFate.OtherBuild) || BuiltFiles() is not var (assembly, pdb))
        {
            return outcomes;
        }

        var built = ProjectHotReload.ModuleIdOf(assembly);
        var theirs = outcomes.Where(o => o.Fate == DeltaFate.OtherBuild && o.Running is { Updates: 0 } running && running.Module == built).Select(o => o.Target).ToList();
        if (theirs.Count == 0)
        {
            return outcomes;
        }

        try
        {
            _project!.Running(theirs.Select(t => t.Key), assembly, pdb, _builtSources ?? File.ReadAllBytes);
        }
        catch (HotReloadException e)
        {
            _project!.Unknown(theirs.Select(t => t.Key));
            _output.Detail($"No hot reload baseline from the build on disk: {e.Message}");
            return outcomes;
        }

        _output.Detail($"{string.Join(", ", theirs.Select(t => t.Channel.DisplayName))} restarted since with the build its files hold; hot reload goes on from that build.");
        var plan = _project.Update(theirs.Select(t => t.Key).ToList(), read);
        var keys = theirs.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var again = new List<DeltaOutcome>();
        if (plan.Updates.Count > 0)
        {
            foreach (var (update, targets) in plan.Updates)
            {
                again.AddRange(await session.SendDeltaAsync(theirs.Where(t => targets.Contains(t.Key)).ToList(), update.ModuleId, update.Metadata, update.IL, update.Pdb, update.ChangedTypes, cancellationToken).ConfigureAwait(false));
            }
        }
        else if (plan.RestartReason is null && plan.CompileErrors.Count == 0)
        {
            // Their build already holds this code.
            again.AddRange(theirs.Select(t => new DeltaOutcome(t, DeltaFate.Applied, null)));
        }
        else
        {
            return outcomes;
        }

        return outcomes.Where(o => !keys.Contains(o.Target.Key)).Concat(again).ToList();
    }

    /// <summary>The build's DLL and portable PDB in the output folder, or null when there is no PDB beside it.</summary>
    private (string Assembly, string Pdb)? BuiltFiles()
    {
        var assembly = Path.Combine(Settings.OutputDir, Settings.AssemblyFile ?? string.Empty);
        var pdb = Path.ChangeExtension(assembly, ".pdb");
        return Settings.AssemblyFile is not null && File.Exists(assembly) && File.Exists(pdb) ? (assembly, pdb) : null;
    }

    private void Running(IReadOnlyList<SyncTarget> targets)
    {
        if (targets.Count == 0)
        {
            return;
        }

        if (BuiltFiles() is not var (assembly, pdb))
        {
            Off($"the build writes no portable PDB beside {Settings.AssemblyFile ?? "the app's assembly"}, and deltas need one (DebugType portable, the default)");
            return;
        }

        try
        {
            _project!.Running(targets.Select(t => t.Key), assembly, pdb, _builtSources ?? File.ReadAllBytes);
            if (!_announced)
            {
                _announced = true;
                WarmUp();
                _output.Info("Hot reload is on: a C# edit to a method body goes into the running app without a restart; other edits build, sync and restart.");
            }
        }
        catch (HotReloadException e)
        {
            // The sources moved on since this build: the next save restarts these targets with a new one.
            _project!.Unknown(targets.Select(t => t.Key));
            _output.Detail($"No hot reload baseline yet: {e.Message}");
        }
    }

    /// <summary>The batch's paths are relative to the project's folder (or go up out of it, for referenced projects).</summary>
    public IEnumerable<string> FullPaths(ChangeBatch batch) => batch.Paths.Select(p => Path.GetFullPath(p, _projectDir));

    private void WarmUp()
    {
        try
        {
            _project!.WarmUp();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Only the first save's speed depends on it.
            _output.Detail($"Warming up the compiler for hot reload failed ({e.GetType().Name}: {e.Message}); the first save may take longer.");
        }
    }

    private void Off(string why)
    {
        _off = true;
        _project?.Dispose();
        _project = null;
        CompilerArguments = null;
        _output.Warning(ErrorCodes.HotReloadUnavailable, $"Hot reload is off for this watch: {why}. Every save builds, syncs and restarts.");
    }

    private static string Where(DevLoopSession session, int count, int applied, IReadOnlyList<SyncTarget> targets)
    {
        if (session.Targets.Group is not { } group)
        {
            return targets[0].Channel.DisplayName;
        }

        var unit = count == 1 ? group.Unit : group.Unit + "s";
        return applied == count ? $"{count} {unit} {group.Name}" : $"{applied} of {count} {unit} {group.Name}";
    }

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms";
}
